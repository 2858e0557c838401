// nianbao start: the start page. Every action is a request to this program on
// 127.0.0.1 with the run's token; files go only to the working folder.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="nianbao-token"]').content;
  var noticeEl = document.getElementById("notice");

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function notice(text, bad) {
    noticeEl.textContent = text;
    noticeEl.className = "notice" + (bad ? " bad" : "");
    noticeEl.hidden = !text;
  }

  // A request to the program; resolves to { status, body } (body parsed when JSON).
  function call(method, path, body, raw) {
    var init = { method: method, cache: "no-store", headers: { "X-Nianbao-Token": token } };
    if (raw) {
      init.headers["Content-Type"] = "application/octet-stream";
      init.headers["X-Nianbao-Name"] = encodeURIComponent(raw.name);
      init.body = raw;
    } else if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      var read = type.indexOf("application/json") === 0 ? r.json() : r.text();
      return read.then(function (b) { return { status: r.status, body: b }; });
    }, function () {
      return { status: 0, body: { message: "无法连接 nianbao：它的窗口可能已经关闭。请重新双击 nianbao 打开。" } };
    });
  }

  function failed(reply) {
    return (reply.body && reply.body.message) || ("操作失败（" + reply.status + "）");
  }

  var maxUpload = parseInt(document.querySelector('meta[name="nianbao-max-upload"]').content, 10);

  // Sends one chosen file; a file over the program's limit is refused here,
  // before any byte is sent.
  function upload(purpose, file, extra) {
    if (file.size > maxUpload) {
      return Promise.resolve({ status: 413, body: { message: file.name + " 太大（超过 " + Math.floor(maxUpload / 1048576) + " MB），无法上传" } });
    }
    var q = "purpose=" + purpose + (extra || "");
    return call("POST", "/api/start/upload?" + q, null, file);
  }

  function busy(form, on) {
    Array.prototype.forEach.call(form.querySelectorAll("button, input, select"), function (b) { b.disabled = on; });
  }

  var lastYear = new Date().getFullYear() - 1;
  Array.prototype.forEach.call(document.querySelectorAll('input[name="year"]'), function (i) { i.value = lastYear; });

  // 新建本年度报告
  var newForm = document.getElementById("new-form");
  newForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var agency = newForm.agency.value.trim();
    var year = parseInt(newForm.year.value, 10);
    busy(newForm, true);
    call("POST", "/api/start/new", { agency: agency, year: year }).then(function (r) {
      busy(newForm, false);
      if (r.status === 200) { location.href = r.body.url; } else { notice(failed(r), true); }
    });
  });

  // 从去年的报告开始
  var fromForm = document.getElementById("from-form");
  var fromResult = document.getElementById("from-result");
  fromForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var file = fromForm.file.files[0];
    if (!file) { return; }
    busy(fromForm, true);
    fromResult.hidden = false;
    fromResult.textContent = "正在读取 " + file.name + "……";
    upload("last", file).then(function (r) {
      busy(fromForm, false);
      fromResult.textContent = "";
      if (r.status !== 200) {
        fromResult.appendChild(el("pre", { "class": "findings bad", text: failed(r) }));
        fromResult.appendChild(el("p", { text: "也可以改用「新建本年度报告」，再对照去年的报告填写。" }));
        if (r.body && r.body.saved) { fromResult.appendChild(el("p", { text: "上传的文件保存在工作文件夹的 " + r.body.saved })); }
        return;
      }
      fromResult.appendChild(el("p", { text: "已生成 " + r.body.file + "（上传的文件保存为 " + r.body.saved + "）。" }));
      if (r.body.notes.length) {
        fromResult.appendChild(el("p", { text: "读取时的提示，请在填写时核对：" }));
        fromResult.appendChild(el("pre", { "class": "notes", text: r.body.notes.join("\n") }));
      }
      var go = el("a", { "class": "button primary", href: r.body.url, text: "开始填写 " + r.body.file });
      fromResult.appendChild(go);
      if (!r.body.notes.length) { location.href = r.body.url; }
      list();
    });
  });

  // 继续填写: `name` is a path below the working folder, "/"-separated.
  function openReport(name) {
    call("POST", "/api/start/open", { name: name }).then(function (o) {
      if (o.status === 200) { location.href = o.body.url; } else { notice(failed(o), true); }
    });
  }

  var reportsEl = document.getElementById("reports");
  var folderSelect = document.querySelector('#sum-form select[name="folder"]');
  function list() {
    call("GET", "/api/start/list").then(function (r) {
      if (r.status !== 200) { notice(failed(r), true); return; }
      reportsEl.textContent = "";
      if (!r.body.reports.length) {
        reportsEl.appendChild(el("li", { "class": "empty", text: "工作文件夹中还没有报告文件。" }));
      }
      r.body.reports.forEach(function (rep) {
        var when = new Date(rep.modified * 1000).toLocaleString("zh-CN", { hour12: false });
        var title = rep.agency ? rep.agency + (rep.year ? " " + rep.year + "年度" : "") : rep.name;
        var b = el("button", { type: "button", "class": "report", "data-name": rep.name }, [
          el("span", { "class": "title", text: title }),
          el("span", { "class": "name", text: rep.name }),
          el("span", { "class": "when", text: "修改于 " + when })
        ]);
        b.addEventListener("click", function () { openReport(rep.name); });
        reportsEl.appendChild(el("li", {}, [b]));
      });
      var chosen = folderSelect.value;
      while (folderSelect.options.length > 1) { folderSelect.remove(1); }
      r.body.folders.forEach(function (f) { folderSelect.appendChild(el("option", { value: f, text: f })); });
      folderSelect.value = chosen;
    });
  }
  list();

  // 检查收到的报告
  var checkForm = document.getElementById("check-form");
  var checkResults = document.getElementById("check-results");
  function checkFiles(files) {
    if (!files.length) { return; }
    busy(checkForm, true);
    checkResults.textContent = "";
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      var box = el("div", { "class": "checked" }, [el("h3", { text: file.name }), el("p", { text: "正在检查……" })]);
      checkResults.appendChild(box);
      chain = chain.then(function () {
        return upload("check", file).then(function (r) {
          box.removeChild(box.lastChild);
          if (r.status !== 200) { box.appendChild(el("p", { "class": "bad", text: failed(r) })); return; }
          var c = r.body.checked;
          var kind = c.errors ? "bad" : (c.status === "通过" ? "ok" : "warn");
          box.firstChild.appendChild(el("span", { "class": "badge " + kind, text: c.status }));
          box.appendChild(el("p", { "class": "saved", text: "保存为 " + r.body.saved + "：" + c.errors + " 个错误，" + c.warnings + " 个警告" }));
          box.appendChild(el("pre", { "class": "findings", text: c.text }));
        });
      });
    });
    chain.then(function () { busy(checkForm, false); checkForm.reset(); });
  }
  checkForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    checkFiles(checkForm.files.files);
  });
  var drop = document.getElementById("check");
  drop.addEventListener("dragover", function (ev) { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (ev) {
    ev.preventDefault();
    drop.classList.remove("over");
    checkFiles(ev.dataTransfer.files);
  });

  // 汇总
  var sumForm = document.getElementById("sum-form");
  var sumResult = document.getElementById("sum-result");
  sumForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var files = sumForm.files.files;
    var agency = sumForm.agency.value.trim();
    var year = parseInt(sumForm.year.value, 10);
    if (!sumForm.folder.value && !files.length) {
      notice("请选择单位报告所在的文件夹，或选择要汇总的报告", true);
      return;
    }
    busy(sumForm, true);
    sumResult.hidden = false;
    sumResult.textContent = "正在汇总……";
    var folder = sumForm.folder.value
      ? Promise.resolve(sumForm.folder.value)
      : call("POST", "/api/start/units-folder").then(function (r) {
        if (r.status !== 200) { throw failed(r); }
        var chain = Promise.resolve();
        Array.prototype.forEach.call(files, function (file) {
          chain = chain.then(function () {
            return upload("units", file, "&folder=" + encodeURIComponent(r.body.folder)).then(function (u) {
              if (u.status !== 200) { throw file.name + "：" + failed(u); }
            });
          });
        });
        return chain.then(function () { return r.body.folder; });
      });
    folder.then(function (name) {
      return call("POST", "/api/start/sum", { folder: name, agency: agency, year: year }).then(function (r) {
        sumResult.textContent = "";
        var s = r.body.summed;
        if (!s) { sumResult.appendChild(el("p", { "class": "bad", text: failed(r) })); return; }
        sumResult.appendChild(el("p", { text: "单位报告：工作文件夹的 " + name }));
        sumResult.appendChild(el("pre", { "class": s.ok ? "findings" : "findings bad", text: s.messages.join("\n") }));
        if (s.files.length) {
          sumResult.appendChild(el("p", { text: "已生成：" }));
          sumResult.appendChild(el("ul", {}, s.files.map(function (f) { return el("li", { text: f }); })));
        }
        if (r.body.review) {
          sumResult.appendChild(el("a", { "class": "button primary", href: r.body.review, target: "_blank", rel: "noopener", text: "打开审阅页面" }));
          window.open(r.body.review, "_blank", "noopener");
        }
        if (r.body.report) {
          var fill = el("button", { type: "button", "class": "primary", text: "填写汇总报告" });
          fill.addEventListener("click", function () { openReport(r.body.report); });
          sumResult.appendChild(el("p", {}, [fill]));
        }
        list();
      });
    }).catch(function (message) {
      sumResult.textContent = "";
      sumResult.appendChild(el("p", { "class": "bad", text: String(message) }));
    }).then(function () { busy(sumForm, false); });
  });

  document.getElementById("open-folder").addEventListener("click", function () {
    call("POST", "/api/start/folder").then(function (r) {
      if (r.status === 200 && !r.body.opened) { notice("工作文件夹：" + r.body.folder); }
    });
  });
})();
