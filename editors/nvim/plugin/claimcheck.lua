-- Nothing runs until require("claimcheck").setup() is called.
if vim.g.loaded_claimcheck then
  return
end
vim.g.loaded_claimcheck = true
