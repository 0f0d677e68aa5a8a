// The game example's controls: each move is appended to the run's input (one letter a line),
// so the game's whole history is the input the rules script replays — in the browser after
// every move, and on the server when the score is submitted (a receipt, or a rejection when
// the log or the score was tampered with).

import { h } from './dom.js';

const moves = [['U', '↑', 'Up', 'ArrowUp'], ['L', '←', 'Left', 'ArrowLeft'], ['D', '↓', 'Down', 'ArrowDown'], ['R', '→', 'Right', 'ArrowRight']];

/** `moved()` after each move or a new game; `submit()` sends the score to the server. */
export function setUpGamePad(pad, input, { moved, submit }) {
  const play = (letter) => {
    input.value = input.value + (input.value && !input.value.endsWith('\n') ? '\n' : '') + letter + '\n';
    moved();
  };
  pad.replaceChildren(
    h('span', { id: 'game-pad-label' }, 'Play (arrow keys work here): '),
    ...moves.map(([letter, arrow, name]) =>
      h('button', { type: 'button', class: 'secondary', 'data-move': letter, 'aria-label': `Move ${name.toLowerCase()}`, onclick: () => play(letter) }, arrow)),
    h('button', { type: 'button', class: 'secondary', onclick: () => { input.value = ''; moved(); } }, 'New game'),
    h('button', { type: 'button', id: 'game-submit', onclick: submit }, 'Submit score'),
  );
  pad.setAttribute('role', 'group');
  pad.setAttribute('aria-labelledby', 'game-pad-label');
  pad.addEventListener('keydown', (event) => {
    const move = moves.find((m) => m[3] === event.key);
    if (move) { event.preventDefault(); play(move[0]); }
  });
}
