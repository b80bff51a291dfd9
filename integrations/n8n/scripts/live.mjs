// Run by tests/integrations/test_n8n_node.py against a running deployment (after the
// build): the compiled nodes in the harness that stands in for n8n's contexts. ITEMS is
// a JSON array of the Wagate node's parameters, one object per item; WEBHOOK, when set,
// is a delivery wagate signed ({secret, body, headers}) handed to the trigger. Prints one
// JSON line: what execute() output and what webhook() answered.
import harness from "../dist/test/harness.js";
import wagate from "../dist/nodes/Wagate/Wagate.node.js";
import trigger from "../dist/nodes/WagateTrigger/WagateTrigger.node.js";

const { API_URL, CREDENTIAL, COMPANY, ITEMS, WEBHOOK } = process.env;
const credentials = { baseUrl: API_URL, apiKey: CREDENTIAL, companyId: COMPANY };
const context = harness.executeContext(credentials, JSON.parse(ITEMS), true);
const [executed] = await new wagate.Wagate().execute.call(context);
let triggered = null;
if (WEBHOOK) {
  const hook = JSON.parse(WEBHOOK);
  const call = harness.webhookContext(
    { ...credentials, webhookSecret: hook.secret },
    { rawBody: Buffer.from(hook.body), headers: hook.headers },
  );
  const answer = await new trigger.WagateTrigger().webhook.call(call.context);
  triggered = { workflowData: answer.workflowData ?? null, status: call.answered.status ?? 200 };
}
console.log(JSON.stringify({ executed: executed.map((item) => item.json), triggered }));
