// nianbao edit: the page. Everything shown comes from /api/state (the format
// definition and the file); every change is sent to /api/edit at once. Report
// text is only ever set as textContent or input values, never as markup.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="nianbao-token"]').getAttribute("content");
  var editor = document.getElementById("editor");
  var statusEl = document.getElementById("status");
  var summaryEl = document.getElementById("summary");
  var noticeEl = document.getElementById("notice");
  var state = null;
  var queue = Promise.resolve();
  var pending = 0;
  var lastText = null; // the textarea citations are inserted into

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") { e.textContent = attrs[k]; }
        else if (k === "cls") { e.className = attrs[k]; }
        else { e.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function api(method, path, body) {
    var init = { method: method, cache: "no-store", headers: { "X-Nianbao-Token": token } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init);
  }

  function notice(text, bad) {
    noticeEl.textContent = text;
    noticeEl.className = "notice" + (bad ? " bad" : "");
    noticeEl.hidden = !text;
  }

  function setStatus(text) { statusEl.textContent = text; }

  // ------------------------------------------------------------ saving
  // Edits go one request at a time, each against the file version the page shows.
  function save(edits, field, done) {
    pending += 1;
    setStatus("正在保存……");
    queue = queue.then(function () {
      return api("POST", "api/edit", { base: state.fingerprint, edits: edits })
        .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
        .then(function (res) {
          pending -= 1;
          var refusal = res.body.refusal;
          if (res.status === 200) {
            setStatus("已保存 " + new Date().toLocaleTimeString("zh-CN", { hour12: false }));
            if (!done || done(true) !== false) { notice(""); }
            render(res.body.state);
          } else if (res.status === 409) {
            setStatus("未保存");
            render(res.body.state, true);
            notice(refusal.message, true);
          } else if (res.status === 422) {
            setStatus("未保存");
            var msg = refusal.message + (refusal.hint ? "（" + refusal.hint + "）" : "");
            refuse(field, "未保存：" + msg);
            notice("未保存：" + msg, true);
            if (done) { done(false); }
          } else {
            setStatus("未保存");
            notice((refusal && refusal.message) || "保存失败", true);
          }
        })
        .catch(function () {
          pending -= 1;
          setStatus("未保存");
          notice("无法连接 nianbao（编辑是否已结束？）。修改没有保存。", true);
        });
    });
  }

  function refuse(field, msg) {
    if (!field) { return; }
    field.classList.add("invalid");
    field.setAttribute("aria-invalid", "true");
    field.title = msg;
    var cell = field.closest("td");
    if (cell) { cell.classList.add("refused"); }
  }

  // ------------------------------------------------------------ rendering
  function render(next, keepTyping) {
    var active = document.activeElement;
    var focusKey = active && active.dataset ? active.dataset.key : null;
    var typed = null, selStart = null, selEnd = null;
    if (focusKey && active.value !== active.dataset.saved) { typed = active.value; }
    if (focusKey && typeof active.selectionStart === "number") {
      selStart = active.selectionStart; selEnd = active.selectionEnd;
    }
    var y = window.scrollY;
    state = next;
    editor.textContent = "";
    summary();
    if (state.blocked) { editor.appendChild(el("p", { cls: "notice bad", text: state.blocked })); }
    editor.appendChild(generalFindings());
    if (state.meta.length) { editor.appendChild(metaForm()); }
    var byKey = {};
    state.sections.forEach(function (s) { byKey[s.key] = s; });
    var tables = {};
    state.tables.forEach(function (t) { tables[t.key] = t; });
    ["intro", "overview"].forEach(function (k) { if (byKey[k]) { editor.appendChild(section(byKey[k])); } });
    ["table2", "table3", "table4"].forEach(function (k) { if (tables[k]) { editor.appendChild(tableBlock(tables[k])); } });
    ["problems", "other"].forEach(function (k) { if (byKey[k]) { editor.appendChild(section(byKey[k])); } });
    placeFindings();
    window.scrollTo(0, y);
    if (focusKey) {
      var again = editor.querySelector('[data-key="' + CSS.escape(focusKey) + '"]');
      if (again) {
        if (typed !== null && !keepTyping) { again.value = typed; }
        again.focus({ preventScroll: true });
        if (selStart !== null && again.setSelectionRange) {
          try { again.setSelectionRange(selStart, selEnd); } catch (e) { /* not a text field */ }
        }
      }
    }
  }

  function summary() {
    if (state.errors === 0 && state.warnings === 0) {
      summaryEl.textContent = "检查通过";
      summaryEl.className = "summary ok";
    } else {
      summaryEl.textContent = state.errors + " 个错误，" + state.warnings + " 个警告";
      summaryEl.className = "summary " + (state.errors ? "bad" : "ok");
    }
  }

  // A text input or area that saves itself when changed.
  function field(tag, key, value, edit, label) {
    var f = el(tag, tag === "input" ? { type: "text" } : {});
    f.value = value;
    f.dataset.key = key;
    f.dataset.saved = value;
    if (label) { f.setAttribute("aria-label", label); }
    var commit = function () {
      if (f.value === f.dataset.saved || f.value === f.dataset.sent) { return; }
      f.dataset.sent = f.value;
      save([edit(f.value)], f);
    };
    f.addEventListener("change", commit);
    f.addEventListener("blur", commit);
    f.addEventListener("input", function () {
      delete f.dataset.sent;
      f.classList.remove("invalid");
      f.removeAttribute("aria-invalid");
    });
    if (tag === "textarea") {
      f.addEventListener("focus", function () { lastText = f; });
      // Tall enough for the text as it wraps (about 45 characters a line).
      var lines = value.split("\n").reduce(function (n, l) { return n + Math.max(1, Math.ceil(l.length / 45)); }, 0);
      f.rows = Math.min(16, Math.max(3, lines + 1));
    }
    return f;
  }

  function findingsList(loc) {
    return el("ul", { cls: "findings", "data-for": loc });
  }

  function metaForm() {
    var grid = el("div", { cls: "meta-grid" });
    state.meta.forEach(function (m) {
      var input = field("input", m.key, m.value, function (v) { return { op: "meta", key: m.key, value: v }; }, m.label);
      input.dataset.loc = m.key;
      grid.appendChild(el("label", {}, [el("span", { text: m.label }), input, findingsList(m.key)]));
    });
    var box = el("fieldset", { "data-loc": "report" }, [el("legend", { text: "基本信息、联系方式和落款" }), grid]);
    box.appendChild(findingsList("report"));
    box.appendChild(findingsList("contact"));
    box.appendChild(findingsList("closing"));
    return box;
  }

  function markupHelp() {
    var d = el("details", { cls: "markup" }, [el("summary", { text: "正文写法与引用表格数字" })]);
    [
      "每一行是一段；空行不计。",
      "**文字** 为粗体。",
      "以“- ”开头的行自动编号为 1. 2. 3. …",
      "{表键.行键} 或 {表键.行键.列键} 引用表格中的数字，生成报告时自动填入，正文与表格不会不一致。"
    ].forEach(function (t) { d.appendChild(el("p", { text: t })); });
    return d;
  }

  function citationPicker() {
    var select = el("select", { "aria-label": "插入表格数字引用" });
    select.appendChild(el("option", { value: "", text: "插入表格数字引用……" }));
    state.citations.forEach(function (c) {
      select.appendChild(el("option", { value: c.code, text: c.code + "　" + c.label }));
    });
    select.addEventListener("change", function () {
      var code = select.value;
      select.value = "";
      var t = lastText;
      if (!code || !t || !document.body.contains(t)) { notice("先点一下要插入引用的正文框，再选择引用。"); return; }
      var s = t.selectionStart, e = t.selectionEnd;
      t.value = t.value.slice(0, s) + code + t.value.slice(e);
      t.focus();
      t.setSelectionRange(s + code.length, s + code.length);
      t.dispatchEvent(new Event("change"));
    });
    return select;
  }

  function section(s) {
    var box = el("section", { cls: "section", "data-loc": s.key, id: "sec-" + s.key });
    box.appendChild(el("h2", { text: s.heading }));
    box.appendChild(findingsList(s.key));
    box.appendChild(el("div", { cls: "tools" }, [citationPicker(), markupHelp()]));
    var lead = field("textarea", s.key + ".text", s.lead, function (v) {
      return { op: "text", section: s.key, value: v };
    }, s.heading + (s.has_parts ? " 开头的概述" : ""));
    lead.dataset.loc = s.key + ".text";
    if (s.has_parts) { lead.placeholder = "开头的概述段落（可不写）"; }
    box.appendChild(lead);
    box.appendChild(findingsList(s.key + ".text"));
    s.parts.forEach(function (p, i) { box.appendChild(part(s, p, i)); });
    if (s.has_parts) {
      var add = el("button", { type: "button", text: "＋ 增加小标题" });
      add.addEventListener("click", function () { save([{ op: "add_part", section: s.key }]); });
      box.appendChild(el("div", { cls: "tools" }, [add]));
    }
    return box;
  }

  var NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
  function chinese(n) {
    if (n <= 10) { return NUMBERS[n - 1]; }
    if (n < 20) { return "十" + NUMBERS[n - 11]; }
    return String(n);
  }

  function part(s, p, i) {
    var loc = s.key + ".part." + i;
    var box = el("div", { cls: "part", "data-loc": loc });
    var heading = field("input", loc + ".heading", p.heading, function (v) {
      return { op: "heading", section: s.key, part: i, value: v };
    }, "小标题（" + chinese(i + 1) + "）");
    heading.dataset.loc = loc + ".heading";
    heading.placeholder = "小标题";
    var up = el("button", { type: "button", text: "↑", title: "上移", "aria-label": "上移" });
    var down = el("button", { type: "button", text: "↓", title: "下移", "aria-label": "下移" });
    var remove = el("button", { type: "button", text: "删除", title: "删除这个小标题及其正文", cls: "remove-part" });
    up.disabled = i === 0;
    down.disabled = i === s.parts.length - 1;
    up.addEventListener("click", function () { save([{ op: "move_part", section: s.key, part: i, up: true }]); });
    down.addEventListener("click", function () { save([{ op: "move_part", section: s.key, part: i, up: false }]); });
    remove.addEventListener("click", function () {
      var name = p.heading || "（" + chinese(i + 1) + "）";
      if (p.text.trim() && !window.confirm("删除小标题「" + name + "」和它的正文？")) { return; }
      save([{ op: "remove_part", section: s.key, part: i }]);
    });
    box.appendChild(el("div", { cls: "part-head" }, [el("span", { cls: "number", text: "（" + chinese(i + 1) + "）" }), heading, up, down, remove]));
    box.appendChild(findingsList(loc + ".heading"));
    var text = field("textarea", loc + ".text", p.text, function (v) {
      return { op: "text", section: s.key, part: i, value: v };
    }, "（" + chinese(i + 1) + "）" + p.heading + " 正文");
    text.dataset.loc = loc + ".text";
    box.appendChild(text);
    box.appendChild(findingsList(loc + ".text"));
    box.appendChild(findingsList(loc));
    return box;
  }

  // ------------------------------------------------------------ tables
  function tableBlock(t) {
    var box = el("section", { cls: "section", "data-loc": t.key, id: "sec-" + t.key });
    box.appendChild(el("h2", { text: t.heading }));
    var table = el("table", { cls: "official", id: t.key });
    var cols = el("colgroup");
    t.widths.forEach(function (w) { cols.appendChild(el("col", { style: "width: " + (w * 100).toFixed(2) + "%" })); });
    table.appendChild(cols);
    var head = el("thead"), body = el("tbody");
    t.rows.forEach(function (row, r) {
      var tr = el("tr");
      row.forEach(function (c) {
        var cell;
        if (c.kind === "value") {
          cell = el("td", { cls: "num" });
          if (c.computed) {
            cell.classList.add("computed");
            cell.textContent = c.text;
            cell.title = c.title + "：由工具计算";
            cell.dataset.loc = c.loc;
          } else {
            var input = valueInput(c);
            cell.appendChild(input);
          }
        } else {
          cell = el(c.kind === "head" ? "th" : "th", { cls: c.kind === "head" ? "head" : "label", text: c.text });
          cell.setAttribute("scope", c.kind === "head" ? "col" : "row");
        }
        if (c.rowspan > 1) { cell.rowSpan = c.rowspan; }
        if (c.colspan > 1) { cell.colSpan = c.colspan; }
        tr.appendChild(cell);
      });
      if (row.length === 1 && row[0].kind === "head") { tr.className = "heading"; }
      (r < t.header_rows ? head : body).appendChild(tr);
    });
    if (head.children.length) { table.appendChild(head); }
    table.appendChild(body);
    box.appendChild(findingsList(t.key));
    box.appendChild(el("div", { cls: "table-wrap section-tables" }, [table]));
    box.appendChild(findingsList(t.key + ".cells"));
    linkGrid(table);
    return box;
  }

  function valueInput(c) {
    var input = el("input", { type: "text", inputmode: c.number === "amount" ? "decimal" : "numeric", autocomplete: "off" });
    input.value = c.text;
    input.dataset.key = c.loc;
    input.dataset.loc = c.loc;
    input.dataset.saved = c.text;
    input.dataset.number = c.number;
    input.setAttribute("aria-label", c.title);
    input.title = c.title;
    input.addEventListener("focus", function () { input.select(); bubble(input.closest("td")); });
    input.addEventListener("blur", function () { bubble(null); });
    input.addEventListener("input", function () { delete input.dataset.sent; clearMarks(input.closest("td")); });
    // Sent on change and on leaving the cell (a value restored after a reload
    // fires no change event), never twice.
    var commit = function () {
      if (input.value === input.dataset.saved || input.value === input.dataset.sent) { return; }
      input.dataset.sent = input.value;
      save([cellEdit(c.loc, input.value)], input);
    };
    input.addEventListener("change", commit);
    input.addEventListener("blur", commit);
    input.addEventListener("paste", onPaste);
    input.addEventListener("keydown", onKey);
    return input;
  }

  function clearMarks(td) {
    if (!td) { return; }
    td.classList.remove("refused", "paste-bad", "pasted");
    var input = td.querySelector("input");
    if (input) { input.classList.remove("invalid"); input.removeAttribute("aria-invalid"); }
  }

  function cellEdit(loc, value) {
    var parts = loc.split(".");
    return { op: "cell", table: parts[0], field: parts[1], column: Number(parts[2]), value: value };
  }

  // Value cells by grid row and by their order within the row.
  function linkGrid(table) {
    var rows = [];
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cells = Array.prototype.filter.call(tr.children, function (td) { return td.classList.contains("num"); });
      if (cells.length) { rows.push(cells); }
    });
    table.valueRows = rows;
  }

  function position(input) {
    var td = input.closest("td");
    var table = input.closest("table");
    var rows = table.valueRows;
    for (var r = 0; r < rows.length; r++) {
      var c = rows[r].indexOf(td);
      if (c >= 0) { return { table: table, rows: rows, r: r, c: c }; }
    }
    return null;
  }

  function focusCell(rows, r, c) {
    if (r < 0 || r >= rows.length) { return; }
    var row = rows[r];
    c = Math.max(0, Math.min(c, row.length - 1));
    var input = row[c].querySelector("input");
    if (!input) {
      // A computed total: look for the nearest typed cell in the row.
      for (var d = 1; d < row.length && !input; d++) {
        input = (row[c - d] && row[c - d].querySelector("input")) || (row[c + d] && row[c + d].querySelector("input"));
      }
    }
    if (input) { input.focus(); }
  }

  function onKey(ev) {
    var input = ev.target;
    var at = position(input);
    if (!at) { return; }
    var edge = input.selectionStart === input.selectionEnd;
    if (ev.key === "Enter") {
      ev.preventDefault();
      input.dispatchEvent(new Event("change"));
      focusCell(at.rows, at.r + (ev.shiftKey ? -1 : 1), at.c);
    } else if (ev.key === "ArrowDown") {
      ev.preventDefault(); focusCell(at.rows, at.r + 1, at.c);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault(); focusCell(at.rows, at.r - 1, at.c);
    } else if (ev.key === "ArrowLeft" && (input.selectionStart === 0 && edge || input.selectionEnd - input.selectionStart === input.value.length)) {
      ev.preventDefault(); focusCell(at.rows, at.r, at.c - 1);
    } else if (ev.key === "ArrowRight" && (input.selectionEnd === input.value.length && edge || input.selectionEnd - input.selectionStart === input.value.length)) {
      ev.preventDefault(); focusCell(at.rows, at.r, at.c + 1);
    } else if (ev.key === "Escape") {
      input.value = input.dataset.saved;
      clearMarks(input.closest("td"));
      input.select();
    }
  }

  // What a cell may hold, checked before anything is sent.
  function acceptable(text, kind) {
    if (kind === "amount") { return /^\d+(\.\d+)?$/.test(text); }
    if (kind === "signed") { return /^[-+]?\d+$/.test(text); }
    return /^\+?\d+$/.test(text);
  }

  // A block copied from Excel/WPS: tab-separated columns, one line per row.
  function onPaste(ev) {
    var text = (ev.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) { return; }
    ev.preventDefault();
    var input = ev.target;
    var at = position(input);
    if (!at) { return; }
    var lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
    var edits = [], bad = [], outside = 0, skipped = 0, targets = [];
    at.table.querySelectorAll("td.paste-bad, td.pasted").forEach(clearMarks);
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (raw, j) {
        var row = at.rows[at.r + i];
        var td = row && row[at.c + j];
        if (!td) { outside += 1; return; }
        var cellInput = td.querySelector("input");
        var value = raw.trim().replace(/[,，\s]/g, "");
        if (!cellInput) { skipped += 1; return; }
        if (!acceptable(value, cellInput.dataset.number)) {
          bad.push(td);
          td.classList.add("paste-bad");
          cellInput.title = "不是数字：“" + raw + "”";
          return;
        }
        edits.push(cellEdit(cellInput.dataset.loc, value));
        targets.push(td);
      });
    });
    if (bad.length || outside) {
      var why = [];
      if (bad.length) { why.push(bad.length + " 个格子不是数字（已标红）"); }
      if (outside) { why.push(outside + " 个数超出了表格范围"); }
      notice("粘贴没有生效，一个格子也没有改：" + why.join("，") + "。请改正后重新复制粘贴。", true);
      return;
    }
    save(edits, input, function (ok) {
      if (!ok) { return false; }
      var msg = "已粘贴 " + edits.length + " 个格子";
      if (skipped) { msg += "（" + skipped + " 个总计由工具计算，未填入）"; }
      window.setTimeout(function () {
        notice(msg + "。");
        targets.forEach(function (td) {
          var loc = td.querySelector("input").dataset.loc;
          var now = editor.querySelector('input[data-loc="' + CSS.escape(loc) + '"]');
          if (now) { now.closest("td").classList.add("pasted"); }
        });
      }, 0);
      return false;
    });
  }

  // ------------------------------------------------------------ findings
  // The findings of the focused cell, shown right under it.
  var bubbleEl = null;
  function bubble(td) {
    if (!bubbleEl) {
      bubbleEl = el("div", { cls: "bubble", role: "status", id: "cell-bubble" });
      document.body.appendChild(bubbleEl);
    }
    bubbleEl.textContent = "";
    if (!td || !td.findings || !td.findings.length) { bubbleEl.hidden = true; return; }
    td.findings.forEach(function (f) {
      bubbleEl.appendChild(el("p", { cls: f.severity, text: (f.severity === "error" ? "错误：" : "警告：") + f.message }));
    });
    var r = td.getBoundingClientRect();
    bubbleEl.hidden = false;
    bubbleEl.style.top = (window.scrollY + r.bottom + 4) + "px";
    var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - bubbleEl.offsetWidth - 8);
    bubbleEl.style.left = Math.max(8, left) + "px";
  }

  function findingItem(f, where) {
    var li = el("li", { cls: f.severity, "data-rule": f.rule });
    var head = (f.severity === "error" ? "错误" : "警告") + "[" + f.rule + "]：";
    li.appendChild(el("span", { text: head }));
    if (where) { li.appendChild(el("span", { cls: "where", text: where + " " })); }
    li.appendChild(el("span", { cls: "message", text: f.message }));
    if (f.line) { li.appendChild(el("span", { cls: "where", text: "（第 " + f.line + " 行第 " + f.column + " 列）" })); }
    if (f.hint) { li.appendChild(el("span", { cls: "hint", text: "提示：" + f.hint })); }
    return li;
  }

  function generalFindings() {
    var box = el("ul", { cls: "findings", id: "general-findings", "data-for": "" });
    return box;
  }

  function placeFindings() {
    state.findings.forEach(function (f) {
      var loc = f.loc || "";
      var target = loc ? editor.querySelector('[data-loc="' + CSS.escape(loc) + '"]') : null;
      var list = null;
      var parts = loc.split(".");
      var isTable = /^table[234]$/.test(parts[0]);
      if (isTable && parts.length >= 2) {
        // A cell, or a whole row (then its last cell): marked, listed under the table.
        if (!target) {
          var row = editor.querySelectorAll('[data-loc^="' + CSS.escape(parts[0] + "." + parts[1] + ".") + '"]');
          target = row.length ? row[row.length - 1] : null;
        }
        var td = target && target.closest("td");
        if (td) {
          td.classList.add("finding-" + f.severity);
          (td.findings = td.findings || []).push(f);
          var input = td.querySelector("input");
          (input || td).title = f.message;
        }
        list = editor.querySelector('ul[data-for="' + parts[0] + '.cells"]');
        var li = findingItem(f, target ? (target.getAttribute("aria-label") || target.title) : "");
        if (td) { li.dataset.cell = (td.querySelector("input") || td).dataset.loc; }
        li.addEventListener("click", function () {
          var i = td && td.querySelector("input");
          if (i) { i.focus(); }
        });
        if (list) { list.appendChild(li); return; }
      }
      list = loc ? editor.querySelector('ul[data-for="' + CSS.escape(loc) + '"]') : null;
      if (!list && target) {
        list = findingsList(loc);
        target.parentNode.insertBefore(list, target.nextSibling);
      }
      if (target && target.classList && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) {
        target.classList.add("finding-" + f.severity);
      }
      (list || document.getElementById("general-findings")).appendChild(findingItem(f, ""));
    });
  }

  // ------------------------------------------------------------ the file on disk
  function load() {
    return api("GET", "api/state").then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (s) {
      render(s);
      var target = location.hash && document.getElementById(location.hash.slice(1));
      if (target) { target.scrollIntoView(); }
    }).catch(function () {
      notice("无法读取报告文件，请查看运行 nianbao edit 的窗口。", true);
    });
  }

  // Another editor or another tab saved the file: show what is on disk now.
  function watch() {
    window.setTimeout(function () {
      if (pending || !state) { watch(); return; }
      api("GET", "api/fingerprint").then(function (r) { return r.ok ? r.text() : null; }).then(function (f) {
        if (f && state && !pending && f !== state.fingerprint) {
          return api("GET", "api/state").then(function (r) { return r.json(); }).then(function (s) {
            if (!pending) {
              render(s);
              notice("文件已在别处被修改（另一个编辑器或另一个页面），页面已重新载入文件的最新内容。");
            }
          });
        }
      }).catch(function () { /* the server is gone; the next save says so */ }).then(watch);
    }, 1500);
  }

  load().then(watch);
})();
