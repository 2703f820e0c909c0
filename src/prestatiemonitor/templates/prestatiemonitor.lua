-- prestatiemonitor.lua: pandoc filter of the built-in renderer (HTML and Typst).
--
-- * ::: {.pm-figuur #fig-x src=... alt=...} caption :::  -> numbered figure with alt text
--   (HTML: <figure> with "Figuur N: "; Typst: #figure(image(.., alt: ..)) <fig-x>, Typst numbers).
-- * tables with id tbl-x: HTML caption gets "Tabel N: " (Typst numbers them itself).
-- * @fig-x / @tbl-x citations -> "Figuur N" / "Tabel N" links (HTML) or Typst references.
-- * ::: {.berekening} ::: -> <details><summary>Berekening</summary> in HTML, removed elsewhere.
-- * ::: {.werkwijze} ::: (method notes for the auditor: files, columns, indicator ids, how a
--   missing delivery is handled) -> <details class="werkwijze"><summary>Werkwijze</summary> in
--   HTML, removed elsewhere (the PDF is the council's document). No headings inside: they would
--   appear in the HTML table of contents and not in the PDF's.
-- * a table cell "● behaald" (a status of prestatiemonitor.status.SYMBOLEN) -> a coloured badge
--   (HTML: <span class="status status-behaald">; Typst: a filled box). The symbol's shape carries
--   the meaning, the colour helps: it reads in greyscale and for colour-blind readers.
-- * wide tables get column widths from their content (longest word never broken, long texts
--   wider), so narrow columns do not break words in the PDF.
-- * ::: {.pm-bron} Bron: ... ::: -> small source line under a table or figure.
-- * [text]{.pm-herkomst href="notebooks/<naam>.html#cel-7"} (the cell that computed a table, figure
--   or scorecard row) -> a link to the HTML copy of the executed notebook in HTML; plain text in
--   the PDF (the PDF's tables keep their width).
-- * [DAEB]{.pm-begrip #begrip-daeb vormen="DAEB"} (a term of the begrippenlijst annex): in HTML the
--   first use of the term in the running text (not in headings, folded method notes or source
--   lines) links to it; `vormen` lists the word forms that count, separated by "|". In the PDF the
--   term stays plain text.

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


-- ---------------------------------------------------------------- status badges
local STATUS = {
  ["behaald"] = { slug = "behaald", fill = "#d5efe3", tekst = "#0a5236" },
  ["op koers"] = { slug = "op-koers", fill = "#d7ebf8", tekst = "#0b4a70" },
  ["aandacht nodig"] = { slug = "aandacht-nodig", fill = "#fbe3b8", tekst = "#6b4000" },
  ["niet behaald"] = { slug = "niet-behaald", fill = "#f7d3c4", tekst = "#7f2700" },
  ["gevolgd"] = { slug = "gevolgd", fill = "#ece6f5", tekst = "#4b2e83" },
  ["geen gegevens"] = { slug = "geen-gegevens", fill = "#ebebeb", tekst = "#3d3d3d" },
}
local SYMBOLEN = { "●", "◐", "▲", "✖", "◇", "○" }

local function status_van(tekst)
  for _, sym in ipairs(SYMBOLEN) do
    if tekst:sub(1, #sym) == sym then
      local naam = tekst:sub(#sym + 1):gsub("^%s+", ""):gsub("%s+$", "")
      if STATUS[naam] then return sym, naam end
    end
  end
end

local function badge(sym, naam)
  local s = STATUS[naam]
  if is_typst then
    -- a block (not a box) so "▲ aandacht nodig" may wrap between words in a narrow column;
    -- never inside a word
    return pandoc.RawInline("typst", "#block(fill: rgb(\"" .. s.fill .. "\"), inset: (x: 3pt, y: 2pt), radius: 2pt)[#text(fill: rgb(\"" ..
      s.tekst .. "\"), weight: \"bold\", hyphenate: false)[" .. sym .. "~" .. naam .. "]]")
  end
  if is_html then
    return pandoc.Span(pandoc.Inlines({ pandoc.Str(sym .. "\u{a0}" .. naam:gsub(" ", "\u{a0}")) }),
      { class = "status status-" .. s.slug })
  end
  return pandoc.Str(sym .. " " .. naam)
end

local function status_cel(cell)
  local tekst = pandoc.utils.stringify(cell.contents)
  local sym, naam = status_van(tekst)
  if sym then
    cell.contents = pandoc.Blocks({ pandoc.Plain({ badge(sym, naam) }) })
  end
  return cell
end

-- ---------------------------------------------------------------- column widths
local function lengte(s)
  return utf8.len(s) or #s
end

local function breedtes(tbl)
  local n = #tbl.colspecs
  local maxlen, woord, som_len, cellen = {}, {}, {}, {}
  for i = 1, n do maxlen[i] = 1; woord[i] = 1; som_len[i] = 0; cellen[i] = 0 end
  local function meet(rijen)
    for _, rij in ipairs(rijen) do
      for i, cel in ipairs(rij.cells) do
        if i <= n then
          local t = pandoc.utils.stringify(cel.contents)
          maxlen[i] = math.max(maxlen[i], lengte(t))
          som_len[i] = som_len[i] + lengte(t)
          cellen[i] = cellen[i] + 1
          for w in t:gmatch("%S+") do woord[i] = math.max(woord[i], lengte(w)) end
          if status_van(t) then woord[i] = math.max(woord[i], 12) end  -- "◐ op koers" on one line
        end
      end
    end
  end
  meet(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do meet(body.body) end
  local totaal = 0
  for i = 1, n do totaal = totaal + maxlen[i] + 2 end
  local BESCHIKBAAR = 100  -- characters of 8.5 pt DejaVu Sans on a 16 cm line, cell padding included
  if totaal <= BESCHIKBAAR then return nil end  -- fits: let the engine size the columns
  -- every column gets its longest word (never broken); the rest of the line is shared out
  -- in proportion to how much longer each column's text is
  local vloer, extra, som_vloer, som_extra = {}, {}, 0, 0
  local wens = {}
  for i = 1, n do
    -- what a column would like: between its average and its longest text (a few very long
    -- cells should not take the room of a column whose every cell is a sentence)
    local gemiddeld = cellen[i] > 0 and som_len[i] / cellen[i] or 1
    wens[i] = math.sqrt(math.min(maxlen[i], 60) * gemiddeld) + 2
  end
  for i = 1, n do
    vloer[i] = math.max(woord[i], 3) * 1.1 + 2.5
    extra[i] = math.max(0, wens[i] - vloer[i])
    som_vloer = som_vloer + vloer[i]
    som_extra = som_extra + extra[i]
  end
  if som_vloer > BESCHIKBAAR then
    -- too many long words: prose columns (long texts) may hyphenate their long compounds, short
    -- label columns (ids, parties, statuses, numbers) keep their words whole
    som_vloer = 0
    for i = 1, n do
      if maxlen[i] > 25 then vloer[i] = math.min(vloer[i], 13) end
      extra[i] = math.max(0, wens[i] - vloer[i])
      som_vloer = som_vloer + vloer[i]
    end
    som_extra = 0
    for i = 1, n do som_extra = som_extra + extra[i] end
  end
  local rest = math.max(BESCHIKBAAR - som_vloer, 0)
  local uit, som = {}, 0
  for i = 1, n do
    uit[i] = vloer[i] + (som_extra > 0 and rest * extra[i] / som_extra or 0)
    som = som + uit[i]
  end
  for i = 1, n do uit[i] = uit[i] / som end
  return uit
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

local tabel_html_nummer
local function tabel(tbl)
  local b = breedtes(tbl)
  -- Typst gets the widths; a browser's automatic table layout already keeps words whole
  if b and not is_html then
    for i, spec in ipairs(tbl.colspecs) do
      tbl.colspecs[i] = { spec[1], b[i] }
    end
  end
  -- HTML: wide tables become cards on a phone (CSS); each cell carries its column name
  local koppen = {}
  if b and is_html and #tbl.head.rows > 0 then
    for j, cel in ipairs(tbl.head.rows[1].cells) do koppen[j] = pandoc.utils.stringify(cel.contents) end
    tbl.classes:insert("breed")
  end
  for _, body in ipairs(tbl.bodies) do
    for _, rij in ipairs(body.body) do
      for j, cel in ipairs(rij.cells) do
        rij.cells[j] = status_cel(cel)
        if koppen[j] and koppen[j] ~= "" then rij.cells[j].attributes["data-label"] = koppen[j] end
      end
    end
  end
  local rijen = 0
  for _, body in ipairs(tbl.bodies) do rijen = rijen + #body.body end
  if is_typst and rijen <= 12 then
    -- a short table is never split over two pages
    local t = tabel_html_nummer(tbl)
    return { pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)["), t, pandoc.RawBlock("typst", "]") }
  end
  return tabel_html_nummer(tbl)
end

tabel_html_nummer = function(tbl)
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

-- Headings that carry the agreement's own paragraph number ("2.2.3 Huurprijzen", "4 Wijkschouwen")
-- get the report's numbering like every other heading, and the agreement's number moves to the
-- end: "3.2 Huurprijzen (paragraaf 2.2.3)". Two numbering systems side by side ("1.2 2.2.3", or
-- "2.1" next to an unnumbered "1.1") confuse a reader.
local function kop(h)
  if h.level < 2 or h.classes:includes("unnumbered") then
    return nil
  end
  local eerste = h.content[1]
  if eerste and eerste.t == "Str" and eerste.text:match("^%d+[%.%d]*$") and h.content[2] and h.content[2].t == "Space" then
    local nummer = eerste.text:gsub("%.$", "")
    local rest = pandoc.Inlines({})
    for i = 3, #h.content do rest:insert(h.content[i]) end
    rest:insert(pandoc.Space())
    rest:insert(pandoc.Str("(paragraaf\u{a0}" .. nummer .. ")"))
    h.content = rest
    return h
  end
end

-- A div's content wrapped in a Typst block that opens with `opening` (ending in "[").
local function typst_blok(opening, div)
  local blokken = { pandoc.RawBlock("typst", opening) }
  for _, b in ipairs(div.content) do table.insert(blokken, b) end
  table.insert(blokken, pandoc.RawBlock("typst", "]"))
  return blokken
end

local function kader(div)
  -- ::: {.kader} / ::: {.callout-note} boxes: CSS styles them in HTML, Typst needs a block
  local is_kader = div.classes:includes("kader")
  for _, c in ipairs(div.classes) do
    if c:match("^callout") then is_kader = true end
  end
  if is_kader and is_typst then
    return typst_blok("#block(width: 100%, fill: luma(246), stroke: (left: 2.5pt + kleur), inset: 9pt, radius: 1pt)[", div)
  end
end

local function bron(div)
  if is_typst then
    return typst_blok("#block(above: 0.2em, below: 1.4em, width: 100%)[#set text(font: sans, size: 7.5pt, fill: luma(70))\n#set par(justify: false)", div)
  end
end

local GEVOUWEN = { berekening = "Berekening", werkwijze = "Werkwijze" }  -- class -> summary

local function berekening(div)
  if div.classes:includes("pm-bron") then
    return bron(div)
  end
  local klasse
  for _, k in ipairs({ "berekening", "werkwijze" }) do
    if not klasse and div.classes:includes(k) then klasse = k end
  end
  if not klasse then
    return kader(div)
  end
  if not is_html then
    return {}
  end
  local blokken = { pandoc.RawBlock("html", '<details class="' .. klasse .. '"><summary>' .. GEVOUWEN[klasse] .. '</summary>') }
  for _, b in ipairs(div.content) do
    table.insert(blokken, b)
  end
  table.insert(blokken, pandoc.RawBlock("html", "</details>"))
  return blokken
end

local function herkomst(span)
  if not span.classes:includes("pm-herkomst") then
    return nil
  end
  local doel = span.attributes["href"]
  if is_html and doel and doel ~= "" then
    return pandoc.Link(span.content, doel, "", { class = "pm-herkomst" })
  end
  return span.content
end

-- ---------------------------------------------------------------- begrippenlijst
local OVERSLAAN = { berekening = true, werkwijze = true, ["pm-bron"] = true, ["pm-figuur"] = true }

local function begrippen(doc)
  -- term -> {id, forms (lists of lower-case words)}, from the annex's .pm-begrip spans
  local lijst = {}
  doc:walk({
    Span = function(s)
      if s.classes:includes("pm-begrip") and s.identifier ~= "" then
        local vormen = {}
        local tekst = s.attributes["vormen"] or pandoc.utils.stringify(s.content)
        for vorm in (tekst .. "|"):gmatch("([^|]*)|") do
          local woorden = {}
          for w in vorm:gmatch("%S+") do table.insert(woorden, pandoc.text.lower(w)) end
          if #woorden > 0 then table.insert(vormen, woorden) end
        end
        table.insert(lijst, { id = s.identifier, vormen = vormen })
      end
    end,
  })
  return lijst
end

local function woord(el)
  -- the lower-case word of a Str, without leading punctuation
  if el and el.t == "Str" then
    return pandoc.text.lower((el.text:gsub("^[%(%[\"']+", "")))
  end
end

local function past(inlines, i, vorm)
  -- number of inlines the word sequence `vorm` covers from position i (0: no match)
  local j = i
  for k, w in ipairs(vorm) do
    local tekst = woord(inlines[j])
    if not tekst then return 0 end
    if k < #vorm then
      if tekst ~= w or not (inlines[j + 1] and inlines[j + 1].t == "Space") then return 0 end
      j = j + 2
    elseif tekst:sub(1, #w) ~= w then
      return 0
    end
  end
  return j - i + 1
end

local function koppel_begrippen(doc)
  local lijst = begrippen(doc)
  if #lijst == 0 then return doc end
  local gedaan, in_bijlage = {}, false
  return doc:walk({
    traverse = "topdown",
    Header = function(h)
      if h.identifier == "begrippenlijst" then in_bijlage = true end
      return h, false
    end,
    Div = function(d)
      for _, k in ipairs(d.classes) do
        if OVERSLAAN[k] then return d, false end
      end
    end,
    Link = function(l) return l, false end,
    Inlines = function(inlines)
      if in_bijlage then return inlines, false end
      local uit = pandoc.Inlines({})
      local i = 1
      while i <= #inlines do
        local gevonden = false
        for _, b in ipairs(lijst) do
          if not gedaan[b.id] then
            for _, vorm in ipairs(b.vormen) do
              local n = past(inlines, i, vorm)
              if n > 0 then
                local inhoud = pandoc.Inlines({})
                for k = i, i + n - 1 do inhoud:insert(inlines[k]) end
                uit:insert(pandoc.Link(inhoud, "#" .. b.id, "", { class = "pm-begrip-link" }))
                gedaan[b.id] = true
                i = i + n
                gevonden = true
                break
              end
            end
          end
          if gevonden then break end
        end
        if not gevonden then
          uit:insert(inlines[i])
          i = i + 1
        end
      end
      return uit
    end,
  })
end

local function begrip_span(span)
  -- the annex's terms: plain text in the PDF (no label needed there)
  if span.classes:includes("pm-begrip") and not is_html then
    return span.content
  end
end

function Pandoc(doc)
  if is_html then
    doc = koppel_begrippen(doc)
  end
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
    Span = function(s) return herkomst(s) or begrip_span(s) end,
    Header = kop,
  })
end
