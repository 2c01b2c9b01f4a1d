// claimcheck for VS Code: starts `claimcheck lsp` for *.claims files.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;

function settings() {
  const config = vscode.workspace.getConfiguration("claimcheck");
  const options: Record<string, unknown> = { severity: config.get("severity", {}) };
  const sources = config.get<string | null>("sources", null);
  if (sources) {
    options.sources = sources;
  }
  return options;
}

async function start(context: vscode.ExtensionContext) {
  const command = vscode.workspace.getConfiguration("claimcheck").get<string>("server.path", "claimcheck");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "claims" }],
    initializationOptions: settings(),
    synchronize: { configurationSection: "claimcheck" },
  };
  client = new LanguageClient("claimcheck", "claimcheck", serverOptions, clientOptions);
  status.text = "$(sync~spin) claimcheck: indexing";
  status.tooltip = "claimcheck is reading the workspace's notes and articles";
  status.show();
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      status.text = "$(check) claimcheck";
      status.tooltip = `claimcheck ${client?.initializeResult?.serverInfo?.version ?? ""}`;
    } else if (e.newState === State.Stopped) {
      status.text = "$(error) claimcheck: stopped";
    }
  });
  try {
    await client.start();
  } catch (err) {
    status.text = "$(error) claimcheck";
    vscode.window.showErrorMessage(`claimcheck: could not start \`${command} lsp\`: ${err}`);
  }
  context.subscriptions.push({ dispose: () => client?.stop() });
}

export async function activate(context: vscode.ExtensionContext) {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.command = "claimcheck.restartServer";
  context.subscriptions.push(status);
  context.subscriptions.push(
    vscode.commands.registerCommand("claimcheck.restartServer", async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await start(context);
    }),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("claimcheck.server.path")) {
        await vscode.commands.executeCommand("claimcheck.restartServer");
      }
    }),
  );
  await start(context);
}

export async function deactivate() {
  await client?.stop();
}
