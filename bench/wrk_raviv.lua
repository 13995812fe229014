-- wrk script used by bench/api_create.py (it can also be run by hand).
--
--   wrk -t2 -c20 -d10s --latency -s bench/wrk_raviv.lua http://127.0.0.1:8000 -- ping
--   wrk -t2 -c20 -d10s --latency -s bench/wrk_raviv.lua http://127.0.0.1:8000 -- create <tag> <network> <token>
--   wrk ... -- contribute <tag> <network> <token> <giver member ref> <date YYYY-MM-DD>
--
-- "ping"   sends GET /ping.
-- "create" sends POST /api/networks/<network>/members, as the bearer of <token> (a coordinator's
--          write token: `raviv accounts token camille@demo.raviv.test --scope write`), with a ref unique to the run:
--          b-<tag>-<thread>-<counter> (the tag must be lower-case letters and digits, and new
--          for every run against the same database, or the server answers 409).
--
-- Every response whose status is not 2xx is counted (wrk's own "Non-2xx or 3xx" lets 3xx
-- through). At the end one line is written for the harness to parse:
--   RAVIV_BENCH {"requests":...,"non2xx":...,"latency_us":{...},...}

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   mode = args[1] or "ping"
   tag = args[2] or "x"
   network = args[3] or "demo"
   token = args[4] or ""
   giver = args[5] or ""
   day = args[6] or ""
   seq = 0
   non2xx = 0
   statuses = {}
   if mode == "create" then
      path = "/api/networks/" .. network .. "/members"
      headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
   elseif mode == "contribute" then
      path = "/api/networks/" .. network .. "/contributions"
      headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
      body = string.format(
         '{"giver": {"member": "%s"}, "receiver": {"network": true}, "form": "time", '
            .. '"quantity": "1.5", "date": "%s"}', giver, day)
   elseif mode == "ping" then
      path = "/ping"
      ping_request = wrk.format("GET", path)
   else
      error("unknown mode " .. tostring(mode) .. " (expected ping, create or contribute)")
   end
end

function request()
   seq = seq + 1 -- requests handed to wrk, including those still in flight when it stops
   if mode == "create" then
      local body = string.format('{"ref": "b-%s-%d-%d", "name": "Compagnie X"}', tag, id, seq)
      return wrk.format("POST", path, headers, body)
   elseif mode == "contribute" then
      return wrk.format("POST", path, headers, body)
   end
   return ping_request
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   -- done() runs in wrk's main Lua state, where init() never ran: read the threads' globals.
   local mode = threads[1] and threads[1]:get("mode") or "?"
   local total_non2xx = 0
   local sent = 0
   local by_status = {}
   for _, thread in ipairs(threads) do
      total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
      sent = sent + (thread:get("seq") or 0)
      local s = thread:get("statuses") or {}
      for code, n in pairs(s) do
         by_status[code] = (by_status[code] or 0) + n
      end
   end
   local parts = {}
   for code, n in pairs(by_status) do
      table.insert(parts, string.format('"%s":%d', code, n))
   end
   local e = summary.errors
   io.write(string.format(
      'RAVIV_BENCH {"mode":"%s","requests":%d,"sent":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,'
         .. '"statuses":{%s},'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
         .. '"latency_us":{"mean":%.1f,"stdev":%.1f,"min":%d,"p50":%d,"p75":%d,"p90":%d,'
         .. '"p99":%d,"max":%d}}\n',
      mode, summary.requests, sent, summary.duration, summary.bytes, total_non2xx,
      table.concat(parts, ","),
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency.stdev, latency.min, latency:percentile(50), latency:percentile(75),
      latency:percentile(90), latency:percentile(99), latency.max))
end
