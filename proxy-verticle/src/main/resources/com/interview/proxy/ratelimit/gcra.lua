-- nginx limit_req for one key, atomically in Redis, with Redis's clock (TIME): the same integer arithmetic as
-- GcraLimiter (excess in milli-requests, time in ms), so a zone behaves the same whether one proxy or many share it.
-- KEYS[1]: the bucket; ARGV[1]: rate in milli-requests per second; ARGV[2]: burst in milli-requests.
-- Returns {0, excess} when the request passes (excess > 0 means "delay" without nodelay), {1, excess} when rejected.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local stored = redis.call('GET', KEYS[1])
if not stored then
  redis.call('SET', KEYS[1], '0 ' .. now, 'PX', 60000)
  return {0, 0}
end
local sp = string.find(stored, ' ')
local excess = tonumber(string.sub(stored, 1, sp - 1))
local last = tonumber(string.sub(stored, sp + 1))
local ms = now - last
if ms < -60000 then ms = 1 elseif ms < 0 then ms = 0 end
local e = excess - math.floor(rate * ms / 1000) + 1000
if e < 0 then e = 0 end
if e > burst then
  return {1, e}
end
if ms ~= 0 then last = now end
-- kept while the bucket drains, plus nginx's minute of idleness
redis.call('SET', KEYS[1], e .. ' ' .. last, 'PX', math.floor(e * 1000 / rate) + 60000)
return {0, e}
