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
