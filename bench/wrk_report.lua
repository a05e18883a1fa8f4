-- Sends the requests of the file $WRK_URLS (lines "path<TAB>cookie") in order, each of the
-- $WRK_THREADS threads from its own offset, and prints wrk's figures as one JSON line so
-- bench/run.py can read p95 (wrk itself prints no p95).
local started = 0

function setup(thread)
  thread:set("thread_number", started)
  started = started + 1
end

function init(args)
  requests = {}
  for line in io.lines(os.getenv("WRK_URLS")) do
    local path, cookie = line:match("^([^\t]*)\t?(.*)$")
    local headers = {}
    if cookie ~= "" then
      headers["Cookie"] = cookie
    end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  next_request = math.floor(thread_number * #requests / threads)
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "errors": %d, "non_2xx_3xx": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
