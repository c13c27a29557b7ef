-- wrk script for bench/action-intake.ts: each request posts the next prepared form body (one a
-- line in BODIES, "<cookie>\t<body>": each with its own supporter, the trust cookie of the browser
-- they confirmed from, and its own solved proof of work), from its own client address
-- (X-Forwarded-For, with TRUST_PROXY on), as that many supporters' phones would.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local total = tonumber(os.getenv("THREADS"))
  bodies = {}
  local n = 0
  for line in io.lines(os.getenv("BODIES")) do
    if n % total == id then
      table.insert(bodies, line)
    end
    n = n + 1
  end
  next_body = 1
end

function request()
  local line = bodies[next_body]
  if line == nil then
    -- Out of prepared bodies: repeat the last (answered as a spent proof, not counted).
    line = bodies[#bodies]
  end
  local tab = string.find(line, "\t", 1, true)
  local cookie = string.sub(line, 1, tab - 1)
  local body = string.sub(line, tab + 1)
  local i = (next_body - 1) * tonumber(os.getenv("THREADS")) + id
  next_body = next_body + 1
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Sec-Fetch-Site"] = "same-origin",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", bit.band(bit.rshift(i, 16), 255), bit.band(bit.rshift(i, 8), 255), bit.band(i, 255)),
    ["Cookie"] = cookie,
  }
  return wrk.format("POST", nil, headers, body)
end
