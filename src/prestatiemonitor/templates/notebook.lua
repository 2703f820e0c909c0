-- notebook.lua: pandoc filter for the readable HTML copy of an executed notebook (the audit trail).
--
-- * every code cell (Div .cell.code with execution_count N) gets the anchor id "cel-N" and a
--   visible "In [N]:" label, so the report links straight to the cell that made a number;
-- * cells without an execution count (never run) get the label "In [ ]:".

function Div(d)
  if d.classes:includes("cell") and d.classes:includes("code") then
    local n = d.attributes["execution_count"]
    local label = "In [ ]:"
    if n and n ~= "" then
      d.identifier = "cel-" .. n
      label = "In [" .. n .. "]:"
    end
    d.content:insert(1, pandoc.Div({ pandoc.Plain({ pandoc.Str(label) }) }, { class = "cel-nummer" }))
    return d
  end
end
