-- POST the first page of the demo survey with a new response id each time, and count the
-- acknowledgements (302 redirects) so that the run can compare them with the rows stored.
local counter = 0
acknowledged = 0  -- global: done() reads it from each thread
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  -- `run` (set above by throughput.py) keeps the ids of each wrk run of a bench apart.
  local rid = string.format("00000000-0000-4%03d-8%03d-%012d", run, tid, counter)
  local body = "csrf_token=" .. csrf .. "&rid=" .. rid .. "&q_consent=OK&action=next"
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  if status == 302 then acknowledged = acknowledged + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("acknowledged") end
  io.write(string.format("ACKNOWLEDGED %d\n", total))
end
