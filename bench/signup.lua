-- wrk script: each request signs the letter as a new individual (a distinct email address).
-- CSRF_TOKEN and CSRF_COOKIE come from one GET of the sign page; Django accepts them again.
local token = os.getenv("CSRF_TOKEN")
local cookie = os.getenv("CSRF_COOKIE")
local counter = 0
local threads = {}
thread_id = 0  -- set per thread by setup()

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. cookie
end

function request()
  counter = counter + 1
  local body = "csrfmiddlewaretoken=" .. token
    .. "&kind=individual&version=1"
    .. "&signer_name=Signer+" .. thread_id .. "+" .. counter
    .. "&email=s" .. thread_id .. "-" .. counter .. "-" .. math.random(1, 1000000000) .. "%40bench.example"
    .. "&city=Oakland&state=CA&show_name=on"
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx3xx=%d errors=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
