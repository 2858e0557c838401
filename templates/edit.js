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

  // A fault in this page itself: said, never silent.
  function scriptError(err) {
    notice("页面出错（" + (err && err.message || err) + "）：请刷新页面；已保存的内容在文件中，刷新前请先复制尚未保存的文字。", true);
  }
  window.addEventListener("error", function (ev) { scriptError(ev.error || ev.message); });

  // ------------------------------------------------------------ saving
  // What the clerk typed and the file does not have yet, by field key: the text,
  // the value the page showed before (`was`, so a save can be merged with an
  // outside change), and how to make the edit. A draft lives until the file has
  // it, whatever is re-drawn meanwhile.
  var drafts = {};
  // Fields changed on both sides: what the file has now, until the clerk chooses.
  var conflicts = {};
  // The value of each field as the file has it (the last drawn state).
  var savedValues = {};
  var lastSaved = null;
  // Saves begun so far: a state read before a save may be older than what that
  // save's answer drew, and must not be drawn over it.
  var saves = 0;
  // Narrative is saved this long after the last keystroke (and on leaving the box).
  var DEBOUNCE_MS = 1200;

  function updateStatus() {
    var nConflicts = Object.keys(conflicts).length;
    var nDrafts = Object.keys(drafts).length;
    if (nConflicts) { setStatus("有 " + nConflicts + " 处冲突待处理"); }
    else if (pending) { setStatus("正在保存……"); }
    else if (nDrafts) { setStatus("未保存"); }
    else if (lastSaved) { setStatus("已保存 " + lastSaved); }
    else { setStatus(""); }
  }

  function draftFor(f, make) {
    var key = f.dataset.key;
    var d = drafts[key];
    if (!d) {
      d = drafts[key] = { was: f.dataset.saved, make: make };
      if (f.dataset.parts) { d.wasParts = Number(f.dataset.parts); }
    }
    d.value = f.value;
    delete d.refused;
    return d;
  }

  // A value that came without keystrokes (autofill, a script): a draft as well.
  function noticeTyped(f) {
    var d = drafts[f.dataset.key];
    if (d ? d.value !== f.value : f.value !== f.dataset.saved) { draftFor(f, f.makeEdit); }
  }

  function changeOf(key) {
    var d = drafts[key];
    var c = d.make(d.value);
    c.was = d.was;
    if (typeof d.wasParts === "number") { c.was_parts = d.wasParts; }
    return c;
  }

  // Sends the drafts of `keys` that changed since they were last sent.
  function commit(keys, done) {
    keys = keys.filter(function (k) {
      var d = drafts[k];
      // No maker: the text of a part removed meanwhile, shown apart, never sent.
      if (!d || !d.make || conflicts[k] || d.refused || d.value === d.sent) { return false; }
      window.clearTimeout(d.timer);
      // Back to what the file has, with nothing of it on its way: no change. (With
      // an earlier value still being saved, the file will not have this one.)
      if (d.value === d.was && savedValues[k] === d.was && d.sent === undefined) { delete drafts[k]; return false; }
      return true;
    });
    updateStatus();
    if (!keys.length) { return; }
    keys.forEach(function (k) { drafts[k].sent = drafts[k].value; });
    // Built when its turn comes: a save still on its way may change what the
    // drafts are based on.
    save(function (carried) {
      return keys.filter(function (k) { return drafts[k]; }).map(function (k) {
        drafts[k].sent = carried[k] = drafts[k].value;
        return changeOf(k);
      });
    }, keys, done);
  }

  function flushAll() {
    commit(Object.keys(drafts));
  }

  // One request at a time, in order; `keys` are the drafts it carries and
  // `build` makes its changes when its turn comes.
  function save(build, keys, done) {
    saves += 1;
    pending += 1;
    updateStatus();
    queue = queue.then(function () {
      // The values this request carries, by key (a later request may carry newer ones).
      var sent = {};
      var changes = build(sent).filter(function (c) { return c; });
      if (!changes.length) { pending -= 1; updateStatus(); return null; }
      var answered = false;
      return api("POST", "api/edit", { base: state.fingerprint, edits: changes })
        .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
        .then(function (res) {
          pending -= 1;
          answered = true;
          var refusal = res.body.refusal;
          keys.forEach(function (k) { if (drafts[k] && drafts[k].sent === sent[k]) { delete drafts[k].sent; } });
          if (res.status === 200) {
            lastSaved = new Date().toLocaleTimeString("zh-CN", { hour12: false });
            var clashed = {};
            (res.body.conflicts || []).forEach(function (c) { conflicts[c.key] = c; clashed[c.key] = true; });
            keys.forEach(function (k) {
              var d = drafts[k];
              if (!d || clashed[k] || !(k in sent)) { return; }
              // The file has what was sent; anything typed since is a new draft on it.
              if (d.value === sent[k]) { delete drafts[k]; } else { d.afterSave = true; }
            });
            showNotes(res.body.notes || []);
            var structural = (res.body.conflicts || []).filter(function (c) { return !/\.(text|heading|\d+)$/.test(c.key) && !/^(report|contact|closing)\./.test(c.key); });
            // A part this page removed or moved: what is being typed in the
            // parts after it follows its part to its new place.
            changes.forEach(function (c) {
              var refused = structural.some(function (x) { return x.key === c.section || x.key.indexOf(c.section + ".") === 0; });
              if (!refused) { followParts(c); }
            });
            render(res.body.state);
            if (structural.length) {
              structural.forEach(function (c) { delete conflicts[c.key]; });
              notice(structural[0].message + "；页面已载入文件的最新内容，请再操作一次。", true);
            } else if (res.body.conflicts && res.body.conflicts.length) {
              notice("有 " + res.body.conflicts.length + " 处在你输入的同时也在文件中被修改了，请在标出的地方选择保留哪个版本。", true);
              scrollToKey(res.body.conflicts[0].key);
            } else if (!done || done(true) !== false) { notice(""); }
          } else if (res.status === 409) {
            if (res.body.state) { render(res.body.state); }
            notice(refusal.message, true);
          } else if (res.status === 422) {
            var msg = refusal.message + (refusal.hint ? "（" + refusal.hint + "）" : "");
            // The fields at fault: those not read as numbers, or else all sent.
            var bad = refusal.keys && refusal.keys.length ? refusal.keys : keys;
            bad.forEach(function (k) {
              if (drafts[k]) { drafts[k].refused = "未保存：" + msg; }
              refuse(editor.querySelector('[data-key="' + CSS.escape(k) + '"]'), "未保存：" + msg);
            });
            if (!done || done(false, bad, msg) !== false) { notice("未保存：" + msg, true); }
          } else {
            notice((refusal && refusal.message) || "保存失败", true);
          }
          updateStatus();
        })
        .catch(function (err) {
          if (answered) { scriptError(err); return; }
          pending -= 1;
          keys.forEach(function (k) { if (drafts[k] && drafts[k].sent === sent[k]) { delete drafts[k].sent; } });
          updateStatus();
          notice("无法连接 nianbao（编辑是否已结束？）。修改没有保存，页面上输入的内容仍在。", true);
        });
    });
  }

  // After `change` (remove_part, move_part) was saved, the drafts, conflicts
  // and fields of its section's parts are keyed by where each part is now.
  // A draft of the removed part itself is kept under a key no field has, so
  // its text is shown as not saved rather than put into the next part.
  function followParts(change) {
    if (change.op !== "remove_part" && change.op !== "move_part") { return; }
    var prefix = change.section + ".part.";
    var i = change.part;
    var to = function (j) {
      if (change.op === "remove_part") { return j === i ? "removed-" + i : j > i ? j - 1 : j; }
      var other = change.up ? i - 1 : i + 1;
      return j === i ? other : j === other ? i : j;
    };
    var parts = change.op === "remove_part" ? change.was_parts - 1 : change.was_parts;
    var rekey = function (key) {
      var m = /^(.*\.part\.)(\d+)(\..*)$/.exec(key);
      return m && m[1] === prefix ? m[1] + to(Number(m[2])) + m[3] : key;
    };
    [drafts, conflicts].forEach(function (map) {
      var moved = {};
      Object.keys(map).forEach(function (k) {
        var n = rekey(k);
        if (n === k) { return; }
        moved[n] = map[k];
        delete map[k];
        if (map === drafts) { moved[n].make = null; moved[n].wasParts = parts; } else { moved[n].key = n; }
      });
      Object.keys(moved).forEach(function (k) { map[k] = moved[k]; });
    });
    Array.prototype.forEach.call(editor.querySelectorAll("[data-key]"), function (f) {
      f.dataset.key = rekey(f.dataset.key);
    });
  }

  // Edits that are not one field's value (add, remove or move a part), made
  // from the section as the file has it once the saves before are done.
  function saveStructure(key, build, drawn) {
    flushAll();
    save(function () {
      var sec = null;
      state.sections.forEach(function (x) { if (x.key === key) { sec = x; } });
      return sec ? [build(sec)] : [];
    }, [], drawn);
  }

  // 「已按 1700 保存」 beside a figure typed in another form, for a few seconds.
  function showNotes(notes) {
    window.setTimeout(function () {
      notes.forEach(function (n) {
        var f = editor.querySelector('[data-key="' + CSS.escape(n.key) + '"]');
        if (!f) { return; }
        var tip = el("span", { cls: "typed-note", role: "status", text: n.text });
        var host = f.closest("td") || f.parentNode;
        host.appendChild(tip);
        window.setTimeout(function () { if (tip.parentNode) { tip.parentNode.removeChild(tip); } }, 4000);
      });
    }, 0);
  }

  function refuse(field, msg) {
    if (!field) { return; }
    field.classList.add("invalid");
    field.setAttribute("aria-invalid", "true");
    field.title = msg;
    var cell = field.closest("td");
    if (cell) { cell.classList.add("refused"); }
  }

  function scrollToKey(key) {
    var target = editor.querySelector('[data-key="' + CSS.escape(key) + '"]') || editor.querySelector('[data-loc="' + CSS.escape(key) + '"]');
    if (target) { target.scrollIntoView({ block: "center" }); }
  }

  // ------------------------------------------------------------ conflicts
  function conflictBox(key, field) {
    var c = conflicts[key];
    var d = drafts[key];
    var mine = d ? d.value : c.mine;
    var box = el("div", { cls: "conflict", role: "group", "data-conflict": key }, [
      el("p", { cls: "conflict-title", text: "这一处在你输入的同时已在文件中被改动，请选择：" }),
      el("div", { cls: "conflict-version" }, [el("span", { cls: "which", text: "文件中的：" }), el("span", { cls: "text", text: c.theirs || "（空）" })]),
      el("div", { cls: "conflict-version" }, [el("span", { cls: "which", text: "我输入的：" }), el("span", { cls: "text", text: mine || "（空）" })])
    ]);
    var keep = el("button", { type: "button", text: "保留我的", "data-choice": "mine" });
    var take = el("button", { type: "button", text: "采用文件中的", "data-choice": "theirs" });
    keep.addEventListener("click", function () {
      delete conflicts[key];
      if (drafts[key]) { drafts[key].was = c.theirs; delete drafts[key].sent; }
      commit([key]);
      render(state);
    });
    take.addEventListener("click", function () {
      delete conflicts[key];
      delete drafts[key];
      render(state);
      updateStatus();
    });
    var buttons = [keep, take];
    if (field && field.tagName === "TEXTAREA") {
      var both = el("button", { type: "button", text: "合并后再改", "data-choice": "both" });
      both.addEventListener("click", function () {
        delete conflicts[key];
        var merged = c.theirs && mine ? c.theirs + "\n" + mine : (c.theirs || mine);
        drafts[key] = { was: c.theirs, value: merged, make: (d && d.make) || field.makeEdit };
        render(state);
        commit([key]);
        var again = editor.querySelector('[data-key="' + CSS.escape(key) + '"]');
        if (again) { again.focus(); }
      });
      buttons.push(both);
    }
    box.appendChild(el("div", { cls: "tools" }, buttons));
    return box;
  }

  // ------------------------------------------------------------ rendering
  // While an input method is composing (pinyin being chosen), the page is not
  // redrawn and nothing is saved: the state waits for the composition to end.
  var composing = false, deferred = null;
  document.addEventListener("compositionstart", function () { composing = true; });
  document.addEventListener("compositionend", function (ev) {
    composing = false;
    if (deferred) { var next = deferred; deferred = null; render(next); }
    if (ev.target && ev.target.dataset && ev.target.dataset.key) { ev.target.dispatchEvent(new Event("input", { bubbles: true })); }
  });

  // The field being typed into is never replaced by a redraw: the very node is
  // kept (with its value, caret, undo history and any keystroke on its way) and
  // put where the redrawn page has its twin, taking the twin's marks. Chromium's
  // moveBefore moves it without ever leaving the document or losing focus.
  var redrawing = false;
  var holder = document.createElement("div");
  holder.className = "redraw-holder";
  document.body.appendChild(holder);

  function keptField() {
    var a = document.activeElement;
    if (!a || !editor.contains(a) || !a.dataset || !a.dataset.key) { return null; }
    return a.tagName === "INPUT" || a.tagName === "TEXTAREA" ? a : null;
  }

  function move(parent, node, before) {
    if (typeof parent.moveBefore === "function") { parent.moveBefore(node, before); }
    else { parent.insertBefore(node, before); }
  }

  // `kept` takes the place of `twin`, the same field as the redrawn page has it.
  function adopt(kept, twin, sel) {
    var key = kept.dataset.key;
    var typed = drafts[key] || kept.value !== kept.dataset.saved;
    var value = typed ? kept.value : twin.value;
    Array.prototype.slice.call(kept.attributes).forEach(function (a) { kept.removeAttribute(a.name); });
    Array.prototype.forEach.call(twin.attributes, function (a) { kept.setAttribute(a.name, a.value); });
    kept.makeEdit = twin.makeEdit;
    move(twin.parentNode, kept, twin);
    twin.parentNode.removeChild(twin);
    if (kept.value !== value) { kept.value = value; }
    if (document.activeElement !== kept) {
      kept.focus({ preventScroll: true });
      if (sel && kept.setSelectionRange) {
        try { kept.setSelectionRange(sel[0], sel[1], sel[2]); } catch (e) { /* not a text field */ }
      }
    }
  }

  function render(next) {
    if (composing) { deferred = next; state = state || next; return; }
    var kept = keptField();
    var sel = kept && typeof kept.selectionStart === "number" ? [kept.selectionStart, kept.selectionEnd, kept.selectionDirection] : null;
    var y = window.scrollY;
    state = next;
    redrawing = true;
    try { draw(kept, sel, y); } finally { holder.textContent = ""; redrawing = false; }
    updateStatus();
  }

  function draw(kept, sel, y) {
    if (kept) { move(holder, kept, null); }
    editor.textContent = "";
    summary();
    if (state.create) { editor.appendChild(firstScreen()); return; }
    if (state.blocked) { editor.appendChild(blockedNotice()); }
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
    restoreDrafts();
    Array.prototype.forEach.call(editor.querySelectorAll("table.official"), arithmetic);
    if (!problemsEl.hidden) { showProblems(); }
    if (kept) {
      var twin = editor.querySelector('[data-key="' + CSS.escape(kept.dataset.key) + '"]');
      // Gone from the file (its part removed elsewhere): its draft is shown as lost text.
      if (twin && twin.tagName === kept.tagName) { adopt(kept, twin, sel); }
    }
    window.scrollTo(0, y);
  }

  // What the clerk typed stays on the page, over the file's value, until saved.
  function restoreDrafts() {
    savedValues = {};
    Array.prototype.forEach.call(editor.querySelectorAll("[data-key]"), function (f) {
      savedValues[f.dataset.key] = f.dataset.saved;
    });
    var lost = [];
    Object.keys(drafts).forEach(function (key) {
      var d = drafts[key];
      var f = editor.querySelector('[data-key="' + CSS.escape(key) + '"]');
      if (d.afterSave) {
        // Typed while its previous value was being saved: based on what was saved.
        d.was = savedValues[key];
        if (f && f.dataset.parts) { d.wasParts = Number(f.dataset.parts); }
        delete d.afterSave;
      }
      if (!f) { lost.push(key); return; }
      // The field drawn under this key makes its edits (a part may have moved).
      if (f.makeEdit) { d.make = f.makeEdit; }
      f.value = d.value;
      f.classList.add("unsaved");
      if (d.refused) { refuse(f, d.refused); }
    });
    Object.keys(conflicts).forEach(function (key) {
      var f = editor.querySelector('[data-key="' + CSS.escape(key) + '"]');
      if (!f) { if (lost.indexOf(key) < 0) { lost.push(key); } return; }
      var box = conflictBox(key, f);
      var td = f.closest("td");
      if (td) {
        td.classList.add("conflicted");
        var list = td.closest("section").querySelector('ul[data-for$=".cells"]');
        var li = el("li", { cls: "error" }, [el("span", { cls: "where", text: f.getAttribute("aria-label") || key }), box]);
        (list || document.getElementById("general-findings")).appendChild(li);
      } else {
        f.parentNode.insertBefore(box, f.nextSibling);
      }
    });
    // A field gone from the file (its part removed elsewhere): its text is shown, not dropped.
    lost.forEach(function (key) {
      var d = drafts[key];
      var text = d ? d.value : conflicts[key].mine;
      var box = el("div", { cls: "conflict", "data-conflict": key }, [
        el("p", { cls: "conflict-title", text: "你输入的这段文字没有保存：它所在的小标题已在文件中被删除或移动。请复制到需要的地方：" }),
        el("textarea", { readonly: "readonly", rows: "4" })
      ]);
      box.lastChild.value = text;
      var drop = el("button", { type: "button", text: "不再需要，放弃这段文字" });
      drop.addEventListener("click", function () { delete drafts[key]; delete conflicts[key]; render(state); });
      box.appendChild(el("div", { cls: "tools" }, [drop]));
      document.getElementById("general-findings").appendChild(el("li", { cls: "error" }, [box]));
    });
  }

  // A file not there yet: the two things a report cannot be made without.
  function firstScreen() {
    var agency = el("input", { type: "text", id: "new-agency", autocomplete: "organization", placeholder: "如：某某市某某局" });
    var year = el("input", { type: "text", id: "new-year", inputmode: "numeric" });
    year.value = String(state.create);
    var go = el("button", { type: "submit", id: "new-create", text: "新建并开始填写" });
    var form = el("form", { cls: "first-screen" }, [
      el("h2", { text: "新建年度报告" }),
      el("p", { text: "文件 " + state.file + " 还不存在。请先填写机关名称和报告年度：" }),
      el("label", {}, [el("span", { text: "机关名称" }), agency]),
      el("label", {}, [el("span", { text: "报告年度" }), year]),
      el("p", { cls: "how-saving", text: "新建后，页面上的每处修改都会在几秒内自动保存到这个文件，不需要另外点“保存”。" }),
      go
    ]);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!agency.value.trim()) { notice("请填写机关名称。", true); agency.focus(); return; }
      api("POST", "api/create", { agency: agency.value, year: year.value })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.refusal) { notice(j.refusal.message, true); return; }
          notice("已新建 " + j.state.file + "。");
          render(j.state);
        })
        .catch(function () { notice("无法连接 nianbao（编辑是否已结束？）。", true); });
    });
    window.setTimeout(function () { agency.focus(); }, 0);
    return form;
  }

  function blockedNotice() {
    var box = el("div", { cls: "notice bad blocked" }, [el("p", { text: state.blocked })]);
    if (state.convert) {
      var b = el("button", { type: "button", id: "convert", text: "另存为 UTF-8 副本 " + state.convert + " 并编辑它" });
      b.addEventListener("click", function () {
        api("POST", "api/convert").then(function (r) { return r.json(); }).then(function (j) {
          if (j.refusal) { notice(j.refusal.message, true); return; }
          notice("已另存 UTF-8 副本 " + state.convert + "，原文件没有改动。下面编辑的是副本。");
          document.querySelector(".bar .file").textContent = j.state.file;
          render(j.state);
        });
      });
      box.appendChild(b);
    }
    return box;
  }

  function summary() {
    if (state.create) { summaryEl.textContent = ""; summaryEl.className = "summary"; return; }
    if (state.errors === 0 && state.warnings === 0) {
      summaryEl.textContent = "检查通过";
      summaryEl.className = "summary ok";
    } else {
      summaryEl.textContent = state.errors + " 个错误，" + state.warnings + " 个警告 ▾";
      summaryEl.className = "summary " + (state.errors ? "bad" : "ok");
    }
  }

  // ------------------------------------------------------------ the list of problems
  // Every finding in page order, each leading to its box or cell.
  var problemsEl = document.getElementById("problems");
  var problemAt = -1;

  function targetOf(f) {
    var loc = f.loc || "";
    var t = loc ? editor.querySelector('[data-loc="' + CSS.escape(loc) + '"]') : null;
    var parts = loc.split(".");
    if (!t && /^table[234]$/.test(parts[0]) && parts.length >= 2) {
      var row = editor.querySelectorAll('[data-loc^="' + CSS.escape(parts[0] + "." + parts[1] + ".") + '"]');
      t = row.length ? row[row.length - 1] : null;
    }
    return t || document.getElementById("general-findings");
  }

  function whereOf(target) {
    if (!target) { return "全文"; }
    var own = target.matches("input, textarea") ? target : (target.matches("td") && target.querySelector("input"));
    var named = (own || target).getAttribute("aria-label");
    if (named && (own || target.matches("td"))) { return named; }
    var sec = target.closest("section, fieldset");
    var h = sec && sec.querySelector("h2, legend");
    return h ? h.textContent : "全文";
  }

  function problems() {
    var list = state.findings.map(function (f) { return { f: f, target: targetOf(f) }; });
    list.sort(function (a, b) {
      if (a.target === b.target) { return 0; }
      return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    return list;
  }

  function showProblems() {
    var ol = document.getElementById("problem-list");
    ol.textContent = "";
    problems().forEach(function (p, i) {
      var li = el("li", { cls: p.f.severity }, [
        el("span", { cls: "where", text: whereOf(p.target) + "：" }),
        el("span", { text: p.f.message })
      ]);
      li.tabIndex = 0;
      li.addEventListener("click", function () { goToProblem(i); });
      ol.appendChild(li);
    });
  }

  function goToProblem(i) {
    var list = problems();
    if (!list.length) { notice("没有需要处理的问题。"); return; }
    problemAt = ((i % list.length) + list.length) % list.length;
    var t = list[problemAt].target;
    var field = t.matches("input, textarea") ? t : (t.querySelector && t.querySelector("input, textarea"));
    t.scrollIntoView({ block: "center" });
    if (field) { field.focus({ preventScroll: true }); }
    var mark = t.closest("td") || t;
    mark.classList.add("flash");
    window.setTimeout(function () { mark.classList.remove("flash"); }, 1600);
    var items = document.querySelectorAll("#problem-list li");
    Array.prototype.forEach.call(items, function (li, j) { li.classList.toggle("current", j === problemAt); });
  }

  summaryEl.addEventListener("click", function () {
    if (!state || (!state.errors && !state.warnings)) { return; }
    var open = problemsEl.hidden;
    problemsEl.hidden = !open;
    summaryEl.setAttribute("aria-expanded", String(open));
    if (open) { showProblems(); }
  });
  document.getElementById("next-problem").addEventListener("click", function () { goToProblem(problemAt + 1); });
  document.getElementById("close-problems").addEventListener("click", function () {
    problemsEl.hidden = true;
    summaryEl.setAttribute("aria-expanded", "false");
  });

  // A text input or area that saves itself: on leaving it, on Enter (inputs), and
  // for narrative a moment after the last keystroke.
  function field(tag, key, value, edit, label) {
    var f = el(tag, tag === "input" ? { type: "text" } : {});
    f.value = value;
    f.dataset.key = key;
    f.dataset.saved = value;
    f.makeEdit = edit;
    if (label) { f.setAttribute("aria-label", label); }
    // The key and edit are read from the field when used: a field kept through
    // a redraw takes those of its twin.
    var commitThis = function () { if (!redrawing) { noticeTyped(f); commit([f.dataset.key]); } };
    f.addEventListener("change", commitThis);
    f.addEventListener("blur", commitThis);
    f.addEventListener("input", function (ev) {
      if (ev.isComposing) { return; }
      var d = draftFor(f, f.makeEdit);
      f.classList.remove("invalid");
      f.removeAttribute("aria-invalid");
      f.classList.add("unsaved");
      window.clearTimeout(d.timer);
      d.timer = window.setTimeout(commitThis, DEBOUNCE_MS);
      updateStatus();
    });
    if (tag === "textarea") {
      f.addEventListener("focus", function () { lastText = f; });
      // Tall enough for the text as it wraps (about 45 characters a line).
      var lines = value.split("\n").reduce(function (n, l) { return n + Math.max(1, Math.ceil(l.length / 45)); }, 0);
      f.rows = Math.min(16, Math.max(3, lines + 1));
    }
    return f;
  }

  window.addEventListener("beforeunload", function (ev) {
    if (Object.keys(drafts).length || Object.keys(conflicts).length) {
      flushAll();
      ev.preventDefault();
      ev.returnValue = "";
    }
  });

  function findingsList(loc) {
    return el("ul", { cls: "findings", "data-for": loc });
  }

  // A key with a fixed set of values: a list, whose first entry leaves it out.
  function choiceField(m, edit) {
    var f = field("select", m.key, m.value, edit, m.label);
    m.choices.forEach(function (c) { f.appendChild(el("option", { value: c, text: c || "（不填）" })); });
    f.value = m.value;
    return f;
  }

  function metaForm() {
    var grid = el("div", { cls: "meta-grid" });
    state.meta.forEach(function (m) {
      var edit = function (v) { return { op: "meta", key: m.key, value: v }; };
      var input = m.choices ? choiceField(m, edit) : field("input", m.key, m.value, edit, m.label);
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
      t.dispatchEvent(new Event("input"));
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
      add.addEventListener("click", function () {
        // The new part's heading gets the cursor, unless the clerk is already
        // typing somewhere else.
        saveStructure(s.key, function () { return { op: "add_part", section: s.key }; }, function (ok) {
          if (!ok || keptField()) { return; }
          var heads = editor.querySelectorAll('#sec-' + s.key + ' .part input[data-key$=".heading"]');
          if (heads.length) { heads[heads.length - 1].focus(); }
        });
      });
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
    heading.dataset.parts = String(s.parts.length);
    heading.placeholder = "小标题";
    var up = el("button", { type: "button", text: "↑", title: "上移", "aria-label": "上移" });
    var down = el("button", { type: "button", text: "↓", title: "下移", "aria-label": "下移" });
    var remove = el("button", { type: "button", text: "删除", title: "删除这个小标题及其正文", cls: "remove-part" });
    up.disabled = i === 0;
    down.disabled = i === s.parts.length - 1;
    var move = function (up) {
      saveStructure(s.key, function (now) { return { op: "move_part", section: s.key, part: i, up: up, was_parts: now.parts.length }; });
    };
    up.addEventListener("click", function () { move(true); });
    down.addEventListener("click", function () { move(false); });
    remove.addEventListener("click", function () {
      var name = p.heading || "（" + chinese(i + 1) + "）";
      if (p.text.trim() && !window.confirm("删除小标题「" + name + "」和它的正文？")) { return; }
      saveStructure(s.key, function (now) {
        var q = now.parts[i];
        return q && { op: "remove_part", section: s.key, part: i, was: q.text, was_heading: q.heading, was_parts: now.parts.length };
      });
    });
    box.appendChild(el("div", { cls: "part-head" }, [el("span", { cls: "number", text: "（" + chinese(i + 1) + "）" }), heading, up, down, remove]));
    box.appendChild(findingsList(loc + ".heading"));
    var text = field("textarea", loc + ".text", p.text, function (v) {
      return { op: "text", section: s.key, part: i, value: v };
    }, "（" + chinese(i + 1) + "）" + p.heading + " 正文");
    text.dataset.loc = loc + ".text";
    text.dataset.parts = String(s.parts.length);
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
            cell.dataset.saved = c.text;
            cell.parts = c.parts;
            cell.setAttribute("aria-label", c.title);
            if (!c.agrees) { disagreeing(cell, c); }
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
    if (t.balance) {
      table.balance = t.balance;
      box.appendChild(el("p", { cls: "balance", role: "status", "aria-live": "polite" }));
    }
    box.appendChild(findingsList(t.key + ".cells"));
    linkGrid(table);
    table.addEventListener("input", function () { arithmetic(table); });
    return box;
  }

  // A written 总计 that disagrees with its parts: kept as the file has it (and
  // marked by its finding) until the clerk takes the sum.
  function disagreeing(cell, c) {
    cell.classList.add("disagrees");
    cell.title = c.title + "：文件中写的数与各项之和不符，点击可改为各项之和";
    cell.tabIndex = 0;
    cell.addEventListener("click", function () {
      var sum = sumOf(cell.closest("table"), cell);
      if (isNaN(sum)) { notice("各项中有不是数字的格子，先改正它们。", true); return; }
      if (!window.confirm("把「" + c.title + "」由 " + c.text + " 改为各项之和 " + sum + "？")) { return; }
      var d = drafts[c.loc] = { was: c.text, value: String(sum), make: function (v) { return cellEdit(c.loc, v); } };
      d.value = String(sum);
      commit([c.loc]);
    });
  }

  // A figure as the clerk is typing it, for the live sums (the server reads it
  // for good when it is saved).
  function figure(text) {
    var t = String(text).replace(/[\uFF10-\uFF19]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xFEE0); })
      .replace(/[,，\s]/g, "").replace(/[^\d]+$/, "");
    return /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : NaN;
  }

  function cellValue(table, loc) {
    var node = table.querySelector('[data-loc="' + CSS.escape(loc) + '"]');
    if (!node) { return 0; }
    if (node.tagName === "INPUT") { return figure(node.value); }
    if (node.classList.contains("disagrees")) { return figure(node.textContent); }
    return sumOf(table, node);
  }

  function sumOf(table, cell) {
    return (cell.parts || []).reduce(function (n, loc) { return n + cellValue(table, loc); }, 0);
  }

  // Every computed cell follows what is typed, as it is typed; table 三 shows
  // its 勾稽关系 under it.
  function arithmetic(table) {
    Array.prototype.forEach.call(table.querySelectorAll("td.computed:not(.disagrees)"), function (cell) {
      var n = sumOf(table, cell);
      cell.textContent = isNaN(n) ? "?" : String(n);
    });
    var b = table.balance;
    var line = table.closest("section").querySelector("p.balance");
    if (!b || !line) { return; }
    var side = function (terms, c) {
      return terms.reduce(function (n, t) { return n + cellValue(table, table.id + "." + t.field + "." + c); }, 0);
    };
    var names = function (terms) { return terms.map(function (t) { return t.label; }).join(" + "); };
    var say = function (c) {
      var l = side(b.left, c), r = side(b.right, c);
      if (isNaN(l) || isNaN(r)) { return { ok: false, text: "有格子不是数字" }; }
      var text = names(b.left) + " = " + l + "；" + names(b.right) + " = " + r;
      return { ok: l === r, text: text + (l === r ? "，相等" : "，差 " + Math.abs(l - r)) };
    };
    var last = b.columns.length - 1;
    var all = say(last);
    var parts = ["勾稽关系（" + b.columns[last] + "）：" + all.text];
    var ok = all.ok;
    b.columns.forEach(function (label, c) {
      if (c === last) { return; }
      var r = say(c);
      if (!r.ok) { ok = false; parts.push("「" + label + "」列：" + r.text); }
    });
    line.textContent = parts.join("。");
    line.className = "balance " + (ok ? "ok" : "bad");
  }

  function valueInput(c) {
    var input = el("input", { type: "text", inputmode: c.number === "amount" ? "decimal" : "numeric", autocomplete: "off" });
    input.value = c.text;
    input.dataset.key = c.loc;
    input.dataset.loc = c.loc;
    input.dataset.saved = c.text;
    input.dataset.number = c.number;
    input.makeEdit = function (v) { return cellEdit(c.loc, v); };
    input.setAttribute("aria-label", c.title);
    input.title = c.title;
    input.addEventListener("focus", function () { if (!redrawing) { input.select(); bubble(input.closest("td")); } });
    input.addEventListener("blur", function () { if (!redrawing) { bubble(null); } });
    input.addEventListener("input", function () {
      draftFor(input, input.makeEdit);
      clearMarks(input.closest("td"));
      input.classList.add("unsaved");
      updateStatus();
    });
    // Sent on change and on leaving the cell, never twice.
    var commitThis = function () { if (!redrawing) { noticeTyped(input); commit([input.dataset.key]); } };
    input.addEventListener("change", commitThis);
    input.addEventListener("blur", commitThis);
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
      delete drafts[input.dataset.key];
      delete conflicts[input.dataset.key];
      input.value = input.dataset.saved;
      input.classList.remove("unsaved");
      updateStatus();
      clearMarks(input.closest("td"));
      input.select();
    }
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
    var edits = [], outside = 0, skipped = 0, targets = [];
    at.table.querySelectorAll("td.paste-bad, td.pasted").forEach(clearMarks);
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (raw, j) {
        var row = at.rows[at.r + i];
        var td = row && row[at.c + j];
        if (!td) { outside += 1; return; }
        var cellInput = td.querySelector("input");
        if (!cellInput) { skipped += 1; return; }
        edits.push([cellInput, raw.trim()]);
        targets.push(cellInput.dataset.loc);
      });
    });
    if (outside) {
      notice("粘贴没有生效，一个格子也没有改：" + outside + " 个数超出了表格范围。请改正后重新复制粘贴。", true);
      return;
    }
    var keys = edits.map(function (e) {
      var d = draftFor(e[0], e[0].makeEdit);
      d.value = e[1];
      d.pasted = true;
      return e[0].dataset.key;
    });
    commit(keys, function (ok, badKeys) {
      if (!ok) {
        // A refused paste leaves nothing behind: the cells show the file again,
        // and the values that are no numbers are marked.
        keys.forEach(function (k) { if (drafts[k] && drafts[k].pasted) { delete drafts[k]; } });
        render(state);
        var raw = {};
        edits.forEach(function (e) { raw[e[0].dataset.key] = e[1]; });
        badKeys.forEach(function (k) {
          var i = editor.querySelector('input[data-key="' + CSS.escape(k) + '"]');
          if (i) { i.closest("td").classList.add("paste-bad"); i.title = "不是数字：“" + raw[k] + "”"; }
        });
        notice("粘贴没有生效，一个格子也没有改：" + badKeys.length + " 个格子不是数字（已标红）。请改正后重新复制粘贴。", true);
        return false;
      }
      var msg = "已粘贴 " + edits.length + " 个格子";
      if (skipped) { msg += "（" + skipped + " 个总计由工具计算，未填入）"; }
      window.setTimeout(function () {
        notice(msg + "。");
        targets.forEach(function (loc) {
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
      var before = saves;
      api("GET", "api/fingerprint").then(function (r) { return r.ok ? r.text() : null; }).then(function (f) {
        if (f && state && !pending && saves === before && f !== state.fingerprint) {
          return api("GET", "api/state").then(function (r) { return r.json(); }).then(function (s) {
            if (!pending && saves === before) {
              render(s);
              notice("文件已在别处被修改（另一个编辑器或另一个页面），页面已载入文件的最新内容" +
                (Object.keys(drafts).length ? "；你正在输入、尚未保存的内容仍在页面上，保存时会与文件合并。" : "。"));
            }
          });
        }
      }).catch(function () { /* the server is gone; the next save says so */ }).then(watch);
    }, 1500);
  }

  load().then(watch);
})();
