-- wrk script for plain GETs: prints the figures in one line the benchmark parses.
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx3xx=%d errors=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
