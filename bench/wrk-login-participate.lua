-- wrk script of the load-driver bench: each connection alternates the driver's two requests
-- (POST /auth/login, then POST /events/EVT-BENCH/participations with a bearer token), so wrk
-- and the driver send the same requests to the same endpoint. The requests are built in init(),
-- once wrk has set the Host header from the URL.
local n = 0
local login, participate

init = function(args)
  login = wrk.format("POST", "/auth/login", { ["Content-Type"] = "application/json" }, '{"userId":"bench-user"}')
  participate = wrk.format("POST", "/events/EVT-BENCH/participations", { ["Authorization"] = "Bearer bench-token" }, nil)
end

request = function()
  n = n + 1
  if n % 2 == 1 then return login end
  return participate
end
