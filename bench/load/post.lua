-- wrk script for bench/load.sh: POSTs the body in $BODY (a file) as application/json and
-- counts the answers by HTTP status across wrk's threads (printed by done()).
local path = os.getenv("BODY")
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() counts = {} end
function response(status, headers, body)
  local key = tostring(status)
  if status == 503 then key = key .. (body:find('"queue_full"', 1, true) and "(queue_full)" or "(other)") end
  counts[key] = (counts[key] or 0) + 1
end
function done()
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. "=" .. n end
  table.sort(parts)
  io.write("statuses ", table.concat(parts, " "), "\n")
end
