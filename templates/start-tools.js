// nianbao start: the editor's build buttons. Each writes what `nianbao build`
// writes, beside the report file; a report with errors is refused with them.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="nianbao-token"]').content;
  var tools = document.querySelector(".start-tools");
  var panel = document.createElement("div");
  panel.className = "build-result";
  panel.setAttribute("role", "status");
  panel.hidden = true;
  var header = tools.closest("header") || document.body.firstElementChild;
  header.parentNode.insertBefore(panel, header.nextSibling);

  function show(text, bad) {
    panel.textContent = "";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "关闭";
    close.addEventListener("click", function () { panel.hidden = true; });
    var pre = document.createElement("pre");
    pre.textContent = text;
    panel.appendChild(close);
    panel.appendChild(pre);
    panel.className = "build-result" + (bad ? " bad" : "");
    panel.hidden = false;
  }

  function post(path) {
    return fetch(path, { method: "POST", cache: "no-store", headers: { "X-Nianbao-Token": token } })
      .then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); },
        function () { return { status: 0, body: { message: "无法连接 nianbao：它的窗口可能已经关闭。" } }; });
  }

  Array.prototype.forEach.call(tools.querySelectorAll("button[data-build]"), function (b) {
    b.addEventListener("click", function () {
      b.disabled = true;
      show("正在生成……");
      post("api/tools/build?what=" + b.getAttribute("data-build")).then(function (r) {
        b.disabled = false;
        if (r.status === 200) {
          var more = r.body.warnings ? "\n\n报告还有 " + r.body.warnings + " 个警告（点顶栏的问题数查看），发布前请核对。" : "";
          show("已生成：\n" + r.body.files.join("\n") + more);
        } else {
          show(r.body.message || ("生成失败（" + r.status + "）"), true);
        }
      });
    });
  });
  tools.querySelector("button[data-folder]").addEventListener("click", function () {
    post("api/tools/folder").then(function (r) {
      if (r.status === 200 && !r.body.opened) { show("报告所在文件夹：" + r.body.folder); }
    });
  });
})();
