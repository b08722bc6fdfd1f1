-- Argo CD health check for ecs-bridge.dev/EcsTaskTrigger
-- (argocd-cm key: resource.customizations.health.ecs-bridge.dev_EcsTaskTrigger).
--
-- Reads the kstatus conditions ecs-bridge writes, in the order kstatus (Flux) reads them:
--   no status yet, or a generation ecs-bridge has not observed yet  -> Progressing
--   Stalled=True (only a change to the spec or to AWS can help)     -> Degraded, with its message
--   Reconciling=True                                                -> Progressing, with its message
--   Ready=True                                                      -> Healthy, with its message
--   anything else (Ready=Unknown or False)                          -> Progressing
-- A stale Stalled=True from an older generation is not Degraded: the new spec may be the fix.
-- Uses only the base and table libraries: argocd-cm scripts get no string library by default.

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function say(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

local hs = {}

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for ecs-bridge to reconcile the object (no status yet)"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= generation then
  hs.status = "Progressing"
  if observed == nil then
    -- A first visit: ecs-bridge says what it is doing on Reconciling.
    hs.message = say(condition("Reconciling"), "Waiting for ecs-bridge to observe generation " .. generation)
  else
    hs.message = "Waiting for ecs-bridge to observe generation " .. generation .. " (status is for generation " .. observed .. ")"
  end
  return hs
end

local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = say(stalled, "Stalled")
  return hs
end

local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = say(reconciling, "Reconciling")
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = say(ready, "Ready")
  return hs
end

hs.status = "Progressing"
hs.message = say(ready, "Waiting for the Ready condition")
return hs
