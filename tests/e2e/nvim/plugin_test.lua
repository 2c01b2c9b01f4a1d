-- The Neovim plugin in real Neovim, loading only editors/nvim:
--   nvim --clean --headless --cmd "set rtp^=editors/nvim" -l plugin_test.lua WORKSPACE
-- Exits non-zero on any failure.

local bin = assert(os.getenv("CLAIMCHECK_BIN"), "CLAIMCHECK_BIN is not set")
local root = assert(arg[1], "usage: plugin_test.lua WORKSPACE")

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  os.exit(1)
end

local claimcheck = require("claimcheck")
claimcheck.setup({ cmd = { bin, "lsp" } })
vim.cmd("ClaimcheckBuildParser")
if not vim.uv.fs_stat(claimcheck.options.parser_dir .. "/claims.so") then
  fail("the parser was not built")
end

vim.cmd.edit(root .. "/notes.claims")
local buf = vim.api.nvim_get_current_buf()
if vim.bo[buf].filetype ~= "claims" then
  fail("filetype is " .. vim.bo[buf].filetype)
end
if not vim.wait(20000, function() return #vim.lsp.get_clients({ bufnr = buf, name = "claimcheck" }) > 0 end, 50) then
  fail("the server did not attach")
end
if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
  fail("no diagnostics arrived")
end

-- Tree-sitter highlighting is active, with the expected captures.
if not vim.treesitter.highlighter.active[buf] then
  fail("tree-sitter highlighting is not active")
end
local function captures(row, col)
  local names = {}
  for _, c in ipairs(vim.treesitter.get_captures_at_pos(buf, row, col)) do
    names[#names + 1] = c.capture
  end
  return names
end
local function expect(row, col, name)
  local got = captures(row, col)
  if not vim.tbl_contains(got, name) then
    fail(string.format("at %d:%d expected @%s, got %s", row, col, name, vim.inspect(got)))
  end
end
-- Line 2: `Iran -> Russia : drones [src 003]`
expect(1, 0, "type") -- subject
expect(1, 5, "operator") -- arrow
expect(1, 24, "punctuation.bracket") -- citation
expect(1, 25, "keyword") -- src
expect(1, 29, "number") -- the id
expect(0, 2, "markup.heading")

-- Folding by headings: the heading's section folds.
vim.cmd("normal! zx")
local level = vim.fn.foldlevel(2)
if level < 1 then
  fail("line 2 is not in a fold (level " .. level .. ")")
end
vim.cmd("1foldclose")
if vim.fn.foldclosedend(1) ~= 4 then
  fail("the heading folds to line " .. vim.fn.foldclosedend(1))
end

io.stdout:write("ok: plugin on nvim " .. tostring(vim.version()) .. ": filetype, server, diagnostics, highlights, folds\n")
os.exit(0)
