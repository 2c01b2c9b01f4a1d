-- claimcheck for Neovim 0.11+: the `claims` filetype, the language server
-- and tree-sitter highlighting and folding.
local M = {}

local uv = vim.uv or vim.loop

--- The folder this plugin lives in (editors/nvim).
local function plugin_root()
  local source = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(source, ":p:h:h:h")
end

M.defaults = {
  -- The server command.
  cmd = { "claimcheck", "lsp" },
  -- Where grammar/src/parser.c is (this repository's grammar/ by default).
  grammar_dir = nil,
  -- Where the compiled parser goes.
  parser_dir = vim.fn.stdpath("data") .. "/claimcheck",
  -- Server settings (initializationOptions): sources, severity, debounceMs.
  settings = {},
  -- Start tree-sitter highlighting and folding in `claims` buffers.
  treesitter = true,
}

M.options = vim.deepcopy(M.defaults)

local function grammar_dir()
  return M.options.grammar_dir or (plugin_root() .. "/../../grammar")
end

local function parser_path()
  return M.options.parser_dir .. "/claims.so"
end

--- Compiles the tree-sitter parser from grammar/src with the system C
--- compiler. Returns true on success.
function M.build_parser()
  local src = vim.fn.fnamemodify(grammar_dir(), ":p") .. "src"
  if vim.fn.filereadable(src .. "/parser.c") == 0 then
    vim.notify("claimcheck: no parser.c in " .. src, vim.log.levels.ERROR)
    return false
  end
  vim.fn.mkdir(M.options.parser_dir, "p")
  local cc = os.getenv("CC") or "cc"
  local result = vim.system({
    cc, "-shared", "-fPIC", "-O2", "-std=c11", "-I", src,
    src .. "/parser.c", src .. "/scanner.c", "-o", parser_path(),
  }):wait()
  if result.code ~= 0 then
    vim.notify("claimcheck: building the parser failed:\n" .. (result.stderr or ""), vim.log.levels.ERROR)
    return false
  end
  return M.register_parser()
end

--- Registers the compiled parser with Neovim, if it exists.
function M.register_parser()
  if not uv.fs_stat(parser_path()) then
    return false
  end
  local ok, err = pcall(vim.treesitter.language.add, "claims", { path = parser_path() })
  if not ok then
    vim.notify("claimcheck: " .. tostring(err), vim.log.levels.ERROR)
  end
  return ok
end

local function start_treesitter(buf)
  if not M.options.treesitter or not M.register_parser() then
    return
  end
  if pcall(vim.treesitter.start, buf, "claims") then
    for _, win in ipairs(vim.fn.win_findbuf(buf)) do
      vim.wo[win][0].foldmethod = "expr"
      vim.wo[win][0].foldexpr = "v:lua.vim.treesitter.foldexpr()"
      vim.wo[win][0].foldlevel = 99
    end
  end
end

function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  vim.filetype.add({ extension = { claims = "claims" } })

  vim.lsp.config("claimcheck", {
    cmd = M.options.cmd,
    filetypes = { "claims" },
    root_markers = { "claimcheck.toml", ".git" },
    init_options = M.options.settings,
    settings = { claimcheck = M.options.settings },
  })
  vim.lsp.enable("claimcheck")

  vim.api.nvim_create_user_command("ClaimcheckBuildParser", function()
    if M.build_parser() then
      vim.notify("claimcheck: parser built in " .. parser_path())
      for _, buf in ipairs(vim.api.nvim_list_bufs()) do
        if vim.bo[buf].filetype == "claims" then
          start_treesitter(buf)
        end
      end
    end
  end, { desc = "Build the claims tree-sitter parser from grammar/src" })

  local group = vim.api.nvim_create_augroup("claimcheck", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "claims",
    callback = function(args)
      vim.bo[args.buf].commentstring = "// %s"
      start_treesitter(args.buf)
    end,
  })
end

return M
