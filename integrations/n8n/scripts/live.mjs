// Run by tests/integrations/test_n8n_node.py against a running deployment (after the
// build): the compiled nodes in the harness that stands in for n8n's contexts. Each part
// runs when its variable is set:
//   HOOK     {action: "create" | "delete", url}: the trigger's registration hook
//   ITEMS    a JSON array of the Wagate node's parameters, one object per item: execute()
//   WEBHOOK  {body, headers}, a delivery wagate signed: the trigger's webhook()
// STATIC is the workflow's static data going in (what a registration kept). Prints one
// JSON line: what each part answered, and the static data coming out.
import harness from "../dist/test/harness.js";
import wagate from "../dist/nodes/Wagate/Wagate.node.js";
import trigger from "../dist/nodes/WagateTrigger/WagateTrigger.node.js";

const { API_URL, CREDENTIAL, COMPANY, HOOK, ITEMS, WEBHOOK, STATIC } = process.env;
const credentials = { baseUrl: API_URL, apiKey: CREDENTIAL, companyId: COMPANY };
const staticData = JSON.parse(STATIC ?? "{}");
const out = { hooked: null, executed: null, triggered: null };
if (HOOK) {
  const { action, url } = JSON.parse(HOOK);
  const context = harness.hookContext(credentials, url, { events: ["message"] }, staticData);
  out.hooked = await new trigger.WagateTrigger().webhookMethods.default[action].call(context);
}
if (ITEMS) {
  const context = harness.executeContext(credentials, JSON.parse(ITEMS), true);
  const [executed] = await new wagate.Wagate().execute.call(context);
  out.executed = executed.map((item) => item.json);
}
if (WEBHOOK) {
  const hook = JSON.parse(WEBHOOK);
  const call = harness.webhookContext(credentials, { rawBody: Buffer.from(hook.body), headers: hook.headers }, {}, staticData);
  const answer = await new trigger.WagateTrigger().webhook.call(call.context);
  out.triggered = { workflowData: answer.workflowData ?? null, status: call.answered.status ?? 200 };
}
console.log(JSON.stringify({ ...out, static: staticData }));
