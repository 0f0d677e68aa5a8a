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
