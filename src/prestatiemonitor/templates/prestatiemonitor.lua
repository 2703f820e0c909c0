-- prestatiemonitor.lua: pandoc filter of the built-in renderer (HTML and Typst).
--
-- * ::: {.pm-figuur #fig-x src=... alt=...} caption :::  -> numbered figure with alt text
--   (HTML: <figure> with "Figuur N: "; Typst: #figure(image(.., alt: ..)) <fig-x>, Typst numbers).
-- * tables with id tbl-x: HTML caption gets "Tabel N: " (Typst numbers them itself).
-- * @fig-x / @tbl-x citations -> "Figuur N" / "Tabel N" links (HTML) or Typst references.
-- * ::: {.berekening} ::: -> <details><summary>Berekening</summary> in HTML, removed elsewhere.

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil

local nummers = {}  -- id -> "Figuur 3" / "Tabel 2"
local teller = { fig = 0, tbl = 0 }
local soortnaam = { fig = "Figuur", tbl = "Tabel" }

local function typst_string(s)
  s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ")
  return '"' .. s .. '"'
end

local function typst_inlines(inlines)
  local doc = pandoc.Pandoc({ pandoc.Plain(inlines) })
  local out = pandoc.write(doc, "typst")
  return (out:gsub("%s+$", ""))
end

local function registreer(id)
  local soort = id:match("^(%a+)%-")
  if soort == "fig" or soort == "tbl" then
    if not nummers[id] then
      teller[soort] = teller[soort] + 1
      nummers[id] = soortnaam[soort] .. " " .. teller[soort]
    end
    return nummers[id]
  end
end

local function figuur(div)
  local src = div.attributes["src"]
  local alt = div.attributes["alt"] or ""
  local caption = pandoc.utils.blocks_to_inlines(div.content)
  local heeft_caption = #caption > 0
  if is_typst then
    local img = "image(" .. typst_string(src) .. ", alt: " .. typst_string(alt) .. ", width: 100%)"
    if heeft_caption then
      local code = "#figure(" .. img .. ",\n  caption: [" .. typst_inlines(caption) .. "],\n)"
      if div.identifier ~= "" then
        code = code .. " <" .. div.identifier .. ">"
      end
      return pandoc.RawBlock("typst", code)
    end
    return pandoc.RawBlock("typst", "#align(center, " .. img .. ")")
  end
  local image = pandoc.Image(pandoc.Inlines({ pandoc.Str(alt) }), src, "")
  image.attributes["alt"] = alt
  if not heeft_caption then
    return pandoc.Para({ image })
  end
  if is_html and div.identifier ~= "" then
    local label = nummers[div.identifier]
    if label then
      local pre = pandoc.Inlines({ pandoc.Span(pandoc.Inlines({ pandoc.Str(label .. ":") }), { class = "pm-nummer" }), pandoc.Space() })
      pre:extend(caption)
      caption = pre
    end
  end
  return pandoc.Figure({ pandoc.Plain({ image }) }, { long = { pandoc.Plain(caption) } },
    pandoc.Attr(div.identifier, { "pm-figuur" }))
end

local function tabel(tbl)
  if is_html and tbl.identifier ~= "" and nummers[tbl.identifier] then
    local lang = tbl.caption.long
    if #lang > 0 and lang[1].content then
      local pre = pandoc.Inlines({ pandoc.Span(pandoc.Inlines({ pandoc.Str(nummers[tbl.identifier] .. ":") }), { class = "pm-nummer" }), pandoc.Space() })
      pre:extend(lang[1].content)
      lang[1].content = pre
      tbl.caption.long = lang
    end
  end
  return tbl
end

local function verwijzing(cite)
  local id = cite.citations[1].id
  if not id:match("^fig%-") and not id:match("^tbl%-") then
    return nil
  end
  if is_typst then
    return pandoc.RawInline("typst", "@" .. id)
  end
  local label = nummers[id] or id
  return pandoc.Link(pandoc.Inlines({ pandoc.Str(label) }), "#" .. id)
end

-- Headings that carry the agreement's own paragraph number ("2.2.3 Huurprijzen") are not
-- numbered again ("1.1 2.2.3 ..." would confuse a reader).
local function kop(h)
  if h.level >= 2 and pandoc.utils.stringify(h.content):match("^%d+%.%d+[%.%d]*%s") then
    if not h.classes:includes("unnumbered") then
      h.classes:insert("unnumbered")
    end
    return h
  end
end

local function kader(div)
  -- ::: {.kader} / ::: {.callout-note} boxes: CSS styles them in HTML, Typst needs a block
  local is_kader = div.classes:includes("kader")
  for _, c in ipairs(div.classes) do
    if c:match("^callout") then is_kader = true end
  end
  if is_kader and is_typst then
    local blokken = { pandoc.RawBlock("typst", "#block(width: 100%, fill: luma(246), stroke: (left: 2.5pt + kleur), inset: 9pt, radius: 1pt)[") }
    for _, b in ipairs(div.content) do table.insert(blokken, b) end
    table.insert(blokken, pandoc.RawBlock("typst", "]"))
    return blokken
  end
end

local function berekening(div)
  if not div.classes:includes("berekening") then
    return kader(div)
  end
  if not is_html then
    return {}
  end
  local blokken = { pandoc.RawBlock("html", '<details class="berekening"><summary>Berekening</summary>') }
  for _, b in ipairs(div.content) do
    table.insert(blokken, b)
  end
  table.insert(blokken, pandoc.RawBlock("html", "</details>"))
  return blokken
end

function Pandoc(doc)
  -- pass 1: numbers in document order
  doc:walk({
    Div = function(d)
      if d.classes:includes("pm-figuur") and d.identifier ~= "" and #d.content > 0 then
        registreer(d.identifier)
      end
    end,
    Table = function(t)
      if t.identifier ~= "" then
        registreer(t.identifier)
      end
    end,
  })
  -- pass 2: rewrite
  return doc:walk({
    Div = function(d)
      if d.classes:includes("pm-figuur") then
        return figuur(d)
      end
      return berekening(d)
    end,
    Table = tabel,
    Cite = verwijzing,
    Header = kop,
  })
end
