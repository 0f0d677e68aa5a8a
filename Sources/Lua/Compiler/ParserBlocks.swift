// Blocks, labels and gotos, and the start and end of each function (lparser.c).
// `break` is a goto to the label "break" that every loop block creates at its end.

extension Parser {
    static let breakName: [UInt8] = [UInt8]("break")

    // MARK: Labels and gotos

    /// `newlabelentry` for the goto list.
    @discardableResult
    func newGoto(_ name: [UInt8], _ line: Int32, _ pc: Int32) throws(LuaSyntaxError) -> Int {
        if pendingGotos.count >= Int(Int16.max) { throw Parser.limitError("labels/gotos", Int(Int16.max)) }
        pendingGotos.append(LabelDesc(name: name, pc: pc, line: line, activeVariables: fs.activeVariables))
        return pendingGotos.count - 1
    }

    /// `findlabel`: an active label of the current function.
    func findLabel(_ name: [UInt8]) -> LabelDesc? {
        var i = fs.firstLabel
        countWork(activeLabels.count - i)
        while i < activeLabels.count {
            if activeLabels[i].name == name { return activeLabels[i] }
            i += 1
        }
        return nil
    }

    /// `solvegoto`: patches pending goto `g` to `label` and removes it from the list.
    func solveGoto(_ g: Int, _ label: LabelDesc) throws(LuaSyntaxError) {
        let gt = pendingGotos[g]
        if gt.activeVariables < label.activeVariables {
            // Jumps into the scope of a local.
            let name = activeVariables[variableIndex(gt.activeVariables)].name
            throw semanticError([UInt8]("<goto ") + gt.name + [UInt8]("> at line ")
                                + Chars.decimal(Int64(gt.line)) + [UInt8](" jumps into the scope of local '")
                                + name + [0x27])
        }
        try patchList(gt.pc, label.pc)
        countWork(pendingGotos.count - g)
        pendingGotos.remove(at: g)
    }

    /// `solvegotos`: resolves the pending gotos of the current block that match `label`;
    /// true if one of them needs to close upvalues.
    func solveGotos(_ label: LabelDesc) throws(LuaSyntaxError) -> Bool {
        var i = fs.blocks[fs.blocks.count - 1].firstGoto
        countWork(pendingGotos.count - i)
        var needsClose = false
        while i < pendingGotos.count {
            if pendingGotos[i].name == label.name {
                needsClose = needsClose || pendingGotos[i].close
                try solveGoto(i, label)
            } else {
                i += 1
            }
        }
        return needsClose
    }

    /// `createlabel`: a label at the current pc; `last` when it ends its block (then the
    /// block's locals count as already out of scope). True if it added a CLOSE.
    @discardableResult
    @inline(never)
    func createLabel(_ name: [UInt8], _ line: Int32, last: Bool) throws(LuaSyntaxError) -> Bool {
        if activeLabels.count >= Int(Int16.max) { throw Parser.limitError("labels/gotos", Int(Int16.max)) }
        var lb = LabelDesc(name: name, pc: label(), line: line, activeVariables: fs.activeVariables)
        if last { lb.activeVariables = fs.blocks[fs.blocks.count - 1].activeVariables }
        activeLabels.append(lb)
        if try solveGotos(lb) {
            codeABC(.close, registerLevel(), 0, 0)
            return true
        }
        return false
    }

    /// `movegotosout`: pending gotos of a closing block move to the enclosing block.
    func moveGotosOut(_ bl: BlockInfo) {
        var i = bl.firstGoto
        countWork(pendingGotos.count - i)
        while i < pendingGotos.count {
            if registerLevel(pendingGotos[i].activeVariables) > registerLevel(bl.activeVariables) {
                pendingGotos[i].close = pendingGotos[i].close || bl.hasUpvalue
            }
            pendingGotos[i].activeVariables = bl.activeVariables
            i += 1
        }
    }

    /// `undefgoto`.
    func undefinedGoto(_ gt: LabelDesc) -> LuaSyntaxError {
        if gt.name == Parser.breakName {
            return semanticError([UInt8]("break outside loop at line ") + Chars.decimal(Int64(gt.line)))
        }
        return semanticError([UInt8]("no visible label '") + gt.name + [UInt8]("' for <goto> at line ")
                             + Chars.decimal(Int64(gt.line)))
    }

    // MARK: Blocks

    /// `enterblock`.
    @inline(never)
    func enterBlock(isLoop: Bool) {
        let insideTBC = fs.blocks.last?.insideTBC ?? false
        fs.blocks.append(BlockInfo(firstLabel: activeLabels.count, firstGoto: pendingGotos.count,
                                   activeVariables: fs.activeVariables, isLoop: isLoop, insideTBC: insideTBC))
    }

    /// `leaveblock`: closes the scope, resolves breaks, frees registers and moves pending
    /// gotos out (or reports them at the end of a function).
    @inline(never)
    func leaveBlock() throws(LuaSyntaxError) {
        let bl = fs.blocks[fs.blocks.count - 1]
        let hasPrevious = fs.blocks.count > 1
        var hasClose = false
        let stackLevel = registerLevel(bl.activeVariables)
        if bl.isLoop {
            hasClose = try createLabel(Parser.breakName, 0, last: false)
        }
        let updated = fs.blocks[fs.blocks.count - 1]  // createLabel does not change the block
        if !hasClose && hasPrevious && updated.hasUpvalue {
            codeABC(.close, stackLevel, 0, 0)
        }
        fs.blocks.removeLast()
        // The reference moves gotos out after removing the variables, reading their stale
        // descriptors; moving them first reads the same values.
        if hasPrevious { moveGotosOut(updated) }
        removeVariables(bl.activeVariables)
        fs.freeRegister = stackLevel
        activeLabels.removeLast(activeLabels.count - bl.firstLabel)
        if !hasPrevious && bl.firstGoto < pendingGotos.count {
            throw undefinedGoto(pendingGotos[bl.firstGoto])
        }
    }

    // MARK: Functions

    /// `open_func`.
    func openFunction(_ state: FunctionState) {
        fs = state
        state.f.source = source
        state.f.maxStackSize = 2
        enterBlock(isLoop: false)
    }

    /// `close_func`: final return, end of the outermost block, final pass.
    func closeFunction() throws(LuaSyntaxError) {
        codeReturn(registerLevel(), 0)
        try leaveBlock()
        try finishFunction()
        if let previous = fs.previous { fs = previous }
    }

    /// `setvararg`.
    func setVararg(parameters: Int32) throws(LuaSyntaxError) {
        fs.f.isVararg = true
        codeABC(.varargPrep, parameters, 0, 0)
    }
}
