-- End-to-end test of `claimcheck lsp` in real Neovim (0.11 and 0.12):
--   CLAIMCHECK_BIN=... nvim --clean --headless -l test.lua WORKSPACE
-- Exits non-zero on any failure.

local bin = assert(os.getenv("CLAIMCHECK_BIN"), "CLAIMCHECK_BIN is not set")
local root = assert(arg[1], "usage: test.lua WORKSPACE")
local file = root .. "/notes.claims"

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  os.exit(1)
end

vim.filetype.add({ extension = { claims = "claims" } })
vim.lsp.config("claimcheck", {
  cmd = { bin, "lsp" },
  filetypes = { "claims" },
  root_markers = { "claimcheck.toml" },
})
vim.lsp.enable("claimcheck")

vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()
if vim.bo[buf].filetype ~= "claims" then
  fail("filetype is " .. vim.bo[buf].filetype)
end

if not vim.wait(20000, function() return #vim.lsp.get_clients({ bufnr = buf }) > 0 end, 50) then
  fail("the server did not attach")
end
local client = vim.lsp.get_clients({ bufnr = buf })[1]
if client.offset_encoding ~= "utf-8" and client.offset_encoding ~= "utf-16" then
  fail("odd encoding " .. tostring(client.offset_encoding))
end

-- Diagnostics: China -> Russia : troops is unsupported (line 4).
local function unsupported()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.lnum == 3 and d.code == "unsupported" then
      return d
    end
  end
end
if not vim.wait(20000, function() return unsupported() ~= nil end, 50) then
  fail("no unsupported diagnostic on line 4; got " .. vim.inspect(vim.diagnostic.get(buf)))
end
local d = unsupported()
if not d.message:find("never 'troops'", 1, true) then
  fail("message: " .. d.message)
end
for _, other in ipairs(vim.diagnostic.get(buf)) do
  if other.lnum == 1 then
    fail("line 2 is supported but has " .. other.message)
  end
end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 1, character = 18 },
}

-- Hover on `Iran -> Russia : drones [src 003]` quotes the Shahed-136 sentence.
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
local text = ""
for _, r in pairs(hover or {}) do
  if r.result and r.result.contents then
    text = text .. (r.result.contents.value or "")
  end
end
if not text:find("Shahed-136", 1, true) then
  fail("hover has no Shahed-136: " .. text)
end

-- Definition lands on that sentence's line of 003_362695d262cb796d.txt.
local def = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 10000)
local loc
for _, r in pairs(def or {}) do
  if r.result and r.result[1] then
    loc = r.result[1]
  end
end
if not loc then
  fail("no definition")
end
if not loc.uri:find("003_362695d262cb796d.txt", 1, true) then
  fail("definition in " .. loc.uri)
end
if loc.range.start.line ~= 10 then
  fail("definition at line " .. loc.range.start.line)
end
-- And Neovim shows it there.
vim.lsp.util.show_document(loc, client.offset_encoding, { focus = true })
local shown = vim.api.nvim_get_current_line()
if not shown:find("Shahed-136", 1, true) then
  fail("the line shown is: " .. shown)
end

io.stdout:write("ok: nvim " .. tostring(vim.version()) .. " diagnostics, hover and definition\n")
os.exit(0)
