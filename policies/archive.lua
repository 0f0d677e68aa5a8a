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
