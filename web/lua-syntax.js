// Lua 5.4 lexical structure for the editor (Lua 5.4 manual §3.1): splits source text into
// tokens for highlighting and bracket matching. Display only — the core's own lexer decides
// what a program means; this one just has to agree on where strings and comments are.

const keywords = new Set(('and break do else elseif end false for function goto if in local nil not or ' +
  'repeat return then true until while').split(' '));
const builtins = new Set(('assert collectgarbage coroutine debug error getmetatable io ipairs load math next ' +
  'os pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber ' +
  'tostring type utf8 xpcall _G _ENV _VERSION self').split(' '));

/** Opening of a long bracket at `i` ("[[", "[=[", …): its level, or -1. */
function longBracketLevel(text, i) {
  if (text[i] !== '[') return -1;
  let j = i + 1;
  while (text[j] === '=') j++;
  return text[j] === '[' ? j - i - 1 : -1;
}

/** End (exclusive) of a long string or comment whose opening bracket of `level` starts at `i`. */
function longBracketEnd(text, i, level) {
  const close = ']' + '='.repeat(level) + ']';
  const end = text.indexOf(close, i + level + 2);
  return end < 0 ? text.length : end + close.length;
}

/** End (exclusive) of a quoted string starting at `i` (stops at an unescaped newline). */
function quotedEnd(text, i) {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, text.length);
}

const numberPattern = /0[xX](?:[0-9a-fA-F]*\.?[0-9a-fA-F]*)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Tokens of `text`: { type, start, end } with type one of comment, string, number, keyword,
 * builtin, name, bracket, operator, space. Every character belongs to exactly one token.
 */
export function tokenize(text) {
  const tokens = [];
  let i = 0;
  const push = (type, end) => { tokens.push({ type, start: i, end }); i = end; };
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const level = longBracketLevel(text, i + 2);
      if (level >= 0) push('comment', longBracketEnd(text, i + 2, level));
      else { const nl = text.indexOf('\n', i); push('comment', nl < 0 ? text.length : nl); }
    } else if (c === '"' || c === "'") {
      push('string', quotedEnd(text, i));
    } else if (c === '[' && longBracketLevel(text, i) >= 0) {
      push('string', longBracketEnd(text, i, longBracketLevel(text, i)));
    } else if (/\s/.test(c)) {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      push('space', j);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      numberPattern.lastIndex = i;
      numberPattern.test(text);
      push('number', Math.max(numberPattern.lastIndex, i + 1));
    } else if (/[A-Za-z_]/.test(c)) {
      namePattern.lastIndex = i;
      namePattern.test(text);
      const word = text.slice(i, namePattern.lastIndex);
      push(keywords.has(word) ? 'keyword' : builtins.has(word) ? 'builtin' : 'name', namePattern.lastIndex);
    } else if ('()[]{}'.includes(c)) {
      push('bracket', i + 1);
    } else {
      push('operator', i + 1);
    }
  }
  return tokens;
}

const pairs = { '(': ')', '[': ']', '{': '}' };

/**
 * Bracket matching: for a caret at `caret`, the bracket token touching it (after, then before)
 * and its partner, as [position, position]; `null` when there is none. Brackets in strings
 * and comments do not count, because they are not bracket tokens.
 */
export function matchBracket(tokens, text, caret) {
  const brackets = tokens.filter((t) => t.type === 'bracket');
  const at = brackets.find((t) => t.start === caret) ?? brackets.find((t) => t.end === caret);
  if (!at) return null;
  const index = brackets.indexOf(at);
  const open = pairs[text[at.start]];
  const step = open ? 1 : -1;
  const self = text[at.start];
  const partner = open ?? Object.keys(pairs).find((k) => pairs[k] === self);
  let depth = 0;
  for (let k = index; k >= 0 && k < brackets.length; k += step) {
    const ch = text[brackets[k].start];
    if (ch === self) depth++;
    else if (ch === partner && --depth === 0) return [at.start, brackets[k].start];
  }
  return [at.start, -1];  // unmatched: marked as such
}
