-- Prints the message of load() for each case of a file whose cases are separated by "====" lines.
local data = io.open(arg[1], "rb"):read("a")
for case in (data .. "\n====\n"):gmatch("(.-)\n====\n") do
  local f, msg = load(case, "=input")
  io.write((msg or "OK"):gsub("\\", "\\\\"):gsub("\n", "\\n"), "\n")
end
