// Policies: the presets, generated from policies/*.lua by policies/generate_presets.py — do not
// edit; edit the .lua file and run the script (a test checks that both agree).

import Lua

/// The preset policies by name.
enum PolicyPresets {
    /// The presets' names, in order.
    static let names: [StaticString] = ["archive", "broadcast-strict", "web-upload"]

    /// The source of the preset called `name`, or `nil`.
    static func source(named name: [UInt8]) -> [UInt8]? {
        if name == [UInt8]("archive") {
            return [UInt8](#"""
            -- archive: an archive's intake rule. What web-upload asks (no first-priority error, audio
            -- present; second-priority errors go to review), and the stream must describe itself: every
            -- program names its service (DVB SDT) and every audio stream carries its language (ISO 639
            -- descriptor), because an archived file outlives the people who knew what it was.
            --
            -- A policy receives the stream report (REPORT.md) as a read-only table and returns a decision,
            -- "accept", "review" or "reject", followed by any number of messages.
            local report = ...

            local function describe(check)
              local where = check.first and (" (first at packet " .. check.first.packet .. ")") or ""
              return check.id .. " " .. check.name .. ": " .. check.count .. where
            end

            if report.verdict == "no_sync" then
              return "reject", "no transport stream found"
            end

            local rejects, reviews = {}, {}
            for _, check in ipairs(report.indicators) do
              if check.status == "error" then
                if check.priority == 1 then rejects[#rejects + 1] = describe(check)
                elseif check.priority == 2 then reviews[#reviews + 1] = describe(check) end
              end
            end

            local audio = 0
            if #report.programs == 0 then rejects[#rejects + 1] = "no program (no PAT/PMT)" end
            for _, program in ipairs(report.programs) do
              if not program.service_name or program.service_name == "" then
                rejects[#rejects + 1] = string.format("program %d has no service name", program.program_number)
              end
              for _, stream in ipairs(program.streams) do
                if stream.kind == "audio" then
                  audio = audio + 1
                  if not stream.language or stream.language == "" then
                    rejects[#rejects + 1] = string.format("audio PID 0x%04X of program %d has no language",
                                                          stream.pid, program.program_number)
                  end
                end
              end
            end
            if audio == 0 then rejects[#rejects + 1] = "no audio stream in any program" end

            if #rejects > 0 then return "reject", table.unpack(rejects) end
            if #reviews > 0 then return "review", table.unpack(reviews) end
            return "accept"
            """#) + [0x0A]
        }
        if name == [UInt8]("broadcast-strict") {
            return [UInt8](#"""
            -- broadcast-strict: a playout centre's rule. A stream goes to air only when the TR 101 290
            -- first- and second-priority indicators are clean: any error there rejects it. Third-priority
            -- errors and Tandem's extra checks do not stop it; they are listed for the operator.
            --
            -- A policy receives the stream report (REPORT.md) as a read-only table and returns a decision,
            -- "accept", "review" or "reject", followed by any number of messages.
            local report = ...

            -- "1.3 PAT_error: 4 (first at packet 1200)" for an indicator in error.
            local function describe(check)
              local where = check.first and (" (first at packet " .. check.first.packet .. ")") or ""
              return check.id .. " " .. check.name .. ": " .. check.count .. where
            end

            if report.verdict == "no_sync" then
              return "reject", "no transport stream found"
            end

            local blocking, notes = {}, {}
            for _, check in ipairs(report.indicators) do
              if check.status == "error" then
                if check.priority <= 2 then blocking[#blocking + 1] = describe(check)
                else notes[#notes + 1] = describe(check) end
              end
            end
            for _, check in ipairs(report.extra_checks) do
              if check.status == "error" then notes[#notes + 1] = describe(check) end
            end

            if #blocking > 0 then return "reject", table.unpack(blocking) end
            return "accept", table.unpack(notes)
            """#) + [0x0A]
        }
        if name == [UInt8]("web-upload") {
            return [UInt8](#"""
            -- web-upload: a video platform's upload rule. A first-priority TR 101 290 error (the stream
            -- cannot be decoded reliably) rejects; a second-priority error (timing and CRC problems a
            -- player usually survives) sends the upload to review; a stream without audio is rejected.
            --
            -- A policy receives the stream report (REPORT.md) as a read-only table and returns a decision,
            -- "accept", "review" or "reject", followed by any number of messages.
            local report = ...

            local function describe(check)
              local where = check.first and (" (first at packet " .. check.first.packet .. ")") or ""
              return check.id .. " " .. check.name .. ": " .. check.count .. where
            end

            if report.verdict == "no_sync" then
              return "reject", "no transport stream found"
            end

            local rejects, reviews = {}, {}
            for _, check in ipairs(report.indicators) do
              if check.status == "error" then
                if check.priority == 1 then rejects[#rejects + 1] = describe(check)
                elseif check.priority == 2 then reviews[#reviews + 1] = describe(check) end
              end
            end

            local audio = 0
            for _, program in ipairs(report.programs) do
              for _, stream in ipairs(program.streams) do
                if stream.kind == "audio" then audio = audio + 1 end
              end
            end
            if audio == 0 then rejects[#rejects + 1] = "no audio stream in any program" end

            if #rejects > 0 then return "reject", table.unpack(rejects) end
            if #reviews > 0 then return "review", table.unpack(reviews) end
            return "accept"
            """#) + [0x0A]
        }
        return nil
    }
}
