/**
 * Run the WhatsApp Cloud API simulator on its own:
 *
 *   SIMULATOR_PORT=3001 WHATSAPP_APP_SECRET=… WHATSAPP_ACCESS_TOKEN=… WHATSAPP_PHONE_NUMBER_ID=… \
 *   WEBHOOK_URL=http://127.0.0.1:3000/webhooks/whatsapp node bin/run-ts.js src/channel/whatsapp/simulator/simulator.main.ts
 *
 * Optional: SIMULATOR_HOST (default 127.0.0.1), WHATSAPP_API_VERSION, SIMULATOR_BUSINESS_NAME,
 * SIMULATOR_AUTO_READ=1.
 */
import { startWhatsAppSimulator } from './simulator.server.js';

const env = process.env;
const problems: string[] = [];
const required = (name: string): string => {
  const v = env[name];
  if (!v) problems.push(`${name} is required`);
  return v ?? '';
};

const appSecret = required('WHATSAPP_APP_SECRET');
const accessToken = required('WHATSAPP_ACCESS_TOKEN');
const phoneNumberId = required('WHATSAPP_PHONE_NUMBER_ID');
const port = Number(env.SIMULATOR_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('SIMULATOR_PORT must be a port number');
if (env.WEBHOOK_URL && !/^https?:\/\//.test(env.WEBHOOK_URL)) problems.push('WEBHOOK_URL must be an http(s) URL');
if (problems.length > 0) {
  for (const p of problems) console.error(`simulator: ${p}`);
  process.exit(2);
}

const running = await startWhatsAppSimulator({
  port,
  host: env.SIMULATOR_HOST ?? '127.0.0.1',
  appSecret,
  accessToken,
  phoneNumberId,
  webhookUrl: env.WEBHOOK_URL || null,
  ...(env.WHATSAPP_API_VERSION ? { apiVersion: env.WHATSAPP_API_VERSION } : {}),
  ...(env.SIMULATOR_BUSINESS_NAME ? { businessName: env.SIMULATOR_BUSINESS_NAME } : {}),
  autoRead: env.SIMULATOR_AUTO_READ === '1',
});

console.log(
  JSON.stringify({
    msg: 'WhatsApp simulator listening',
    graphBase: running.url,
    citizenPhone: `${running.url}/phone`,
    webhookUrl: env.WEBHOOK_URL || null,
  }),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
