-- wrk script for bench/action-intake.ts: each request posts the next prepared form body (one a
-- line in BODIES, "<cookie>\t<body>": each with its own supporter, the trust cookie of the browser
-- they confirmed from, and its own solved proof of work), from its own client address
-- (X-Forwarded-For, with TRUST_PROXY on), as that many supporters' phones would. The first byte of
-- the addresses is NETWORK's: the warm-up's repeats of its spent last form (below) reach the limit
-- per client address, and when the warm-up shared the run's addresses, the run's forms from those
-- two addresses were refused with a 429 (two forms "lost" in two runs of 2026-12-04).
local threads = {}
local network = tonumber(os.getenv("NETWORK") or "10")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local total = tonumber(os.getenv("THREADS"))
  -- Every request is formatted here, before the run: a request made in request() costs a few
  -- tables and strings each, and LuaJIT's collector, tracing these threads' tens of megabytes of
  -- bodies, then stalled a thread's connections, adding its pauses to the latencies measured.
  requests = {}
  local n = 0
  for line in io.lines(os.getenv("BODIES")) do
    if n % total == id then
      local i = #requests * total + id
      local tab = string.find(line, "\t", 1, true)
      local headers = {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Sec-Fetch-Site"] = "same-origin",
        ["X-Forwarded-For"] = string.format("%d.%d.%d.%d", network, bit.band(bit.rshift(i, 16), 255), bit.band(bit.rshift(i, 8), 255), bit.band(i, 255)),
        ["Cookie"] = string.sub(line, 1, tab - 1),
      }
      table.insert(requests, wrk.format("POST", nil, headers, string.sub(line, tab + 1)))
    end
    n = n + 1
  end
  next_request = 1
  -- wrk 4 calls request() once in its first thread before the run, only to count the requests it
  -- returns (pipelining), and never sends that one: it must not use up a form, or supporter 0's
  -- (the first body of thread 0) was never posted and each run counted one action fewer.
  verifying = (id == 0)
  sent = 0
  collectgarbage("collect")
end

function request()
  if verifying then
    verifying = false
    return requests[1]
  end
  local r = requests[next_request]
  if r == nil then
    -- Out of prepared bodies: repeat the last (answered as a spent proof, not counted).
    return requests[#requests]
  end
  sent = next_request
  next_request = next_request + 1
  return r
end

-- For the bench's check: how many of its prepared forms each thread sent (its bodies 1 to n, the
-- forms of supporters id, id + THREADS, …), so that every one can be looked for in the database.
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("prepared forms sent by thread %d: %d\n", thread:get("id"), thread:get("sent")))
  end
end

-- An answer other than the 303 of a recorded form is written out with what its page says went
-- wrong (the first line of its error summary), so that a refusal can be told from a failure. The
-- warm-up's last requests repeat a spent proof once its bodies run out: those are refusals.
function response(status, headers, body)
  if status ~= 303 then
    local said = (body or ""):match('class="error%-summary.-<li[^>]*>(.-)</li>') or ""
    io.stderr:write(string.format("answered %d: %s\n", status, (said:gsub("<[^>]*>", ""))))
  end
end
