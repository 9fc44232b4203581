-- One benchmark scenario for wrk, driven by bench/load.py.
-- Arguments after "--": method, path, Cookie header (may be empty), form body (may be
-- empty; every "__UNIQUE__" in it becomes a value unique to the request) and a tag unique
-- to this run of wrk. Prints "BENCH ..." lines that bench/load.py reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  method, path, cookie, body, tag = args[1], args[2], args[3], args[4], args[5]
  headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  unique = string.find(body, "__UNIQUE__", 1, true) ~= nil
  fixed = wrk.format(method, path, headers, body ~= "" and body or nil)
  sent = 0
  statuses = {}
end

function request()
  if not unique then
    return fixed
  end
  sent = sent + 1
  local value = tag .. "x" .. thread_number .. "x" .. sent
  return wrk.format(method, path, headers, (string.gsub(body, "__UNIQUE__", value)))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%.0f p50_us=%.0f p99_us=%.0f connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout))
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("BENCH status=%d count=%d\n", status, n))
  end
end
