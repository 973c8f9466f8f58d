// autocannon's setupRequest, run in its own worker thread so the load generator
// does not share the server's event loop: one signed inbound message per request,
// each with a unique WhatsApp message id. Plain CommonJS because autocannon
// `require`s it inside the worker.
const { createHmac, randomBytes } = require('node:crypto');

const APP_SECRET = process.env.BENCH_APP_SECRET || 'bench-secret';
const PHONE_NUMBER_ID = '100000000000001';
const prefix = randomBytes(4).toString('hex');
let seq = 0;

module.exports = function setupRequest(req) {
  seq += 1;
  const from = `4477009${String(seq % 1000).padStart(5, '0')}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '447700900000', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Bench Citizen' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.bench.${prefix}.${seq}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Can you call me on Tuesday about my housing repair? Ref ${seq}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return {
    ...req,
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
    },
  };
};
