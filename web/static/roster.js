/* The roster page's little script (the workspace's own; nothing from the internet):
   - live progress of a background solve: an EventSource on the job's server-sent events;
   - clicking a grid cell opens the small form that changes its code (posted as a normal form). */
(function () {
  "use strict";

  function progress() {
    var box = document.getElementById("job");
    if (!box || box.dataset.state !== "running" || !window.EventSource) { return; }
    var log = document.getElementById("job-log");
    var clock = document.getElementById("job-clock");
    var state = document.getElementById("job-state");
    var result = document.getElementById("job-result");
    var source = new EventSource(box.dataset.events);
    source.addEventListener("tick", function (e) {
      clock.textContent = "已用 " + JSON.parse(e.data).elapsed + " 秒";
    });
    source.addEventListener("progress", function (e) {
      var item = document.createElement("li");
      item.textContent = JSON.parse(e.data).text;
      log.appendChild(item);
      while (log.children.length > 12) { log.removeChild(log.firstChild); }
    });
    function finish(kind, e) {
      source.close();
      var data = JSON.parse(e.data);
      box.dataset.state = kind;
      state.textContent = kind === "done" ? "已完成" : "未成";
      var p = document.createElement("p");
      p.className = kind === "done" ? "flash" : "error";
      p.textContent = data.text;
      result.appendChild(p);
      if (data.lines && data.lines.length) {
        var list = document.createElement("ul");
        list.className = "lines";
        data.lines.forEach(function (line) {
          var li = document.createElement("li");
          li.textContent = line;
          list.appendChild(li);
        });
        result.appendChild(list);
      }
      var stop = document.getElementById("stop-form");
      if (stop) { stop.remove(); }
      if (kind === "done") { window.setTimeout(function () { window.location.reload(); }, 800); }
    }
    source.addEventListener("done", function (e) { finish("done", e); });
    source.addEventListener("failed", function (e) { finish("failed", e); });
  }

  function editor() {
    var grid = document.getElementById("roster-grid");
    var form = document.getElementById("cell-editor");
    if (!grid || !form || !grid.classList.contains("editable")) { return; }
    var what = document.getElementById("cell-what");
    var chosen = null;
    grid.addEventListener("click", function (e) {
      var cell = e.target.closest("td.cell");
      if (!cell) { return; }
      if (chosen) { chosen.classList.remove("chosen"); }
      chosen = cell;
      cell.classList.add("chosen");
      form.elements.person.value = cell.dataset.person;
      form.elements.day.value = cell.dataset.day;
      form.elements.code.value = cell.dataset.code;
      if (form.elements.duty) { form.elements.duty.checked = cell.dataset.duty === "1"; }
      what.textContent = cell.dataset.person + " " + cell.dataset.name + " " + cell.dataset.day + "：" + cell.textContent;
      form.hidden = false;
      var box = cell.getBoundingClientRect();
      form.style.left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 300) + "px";
      form.style.top = (window.scrollY + box.bottom + 4) + "px";
      form.elements.code.focus();
    });
    document.getElementById("cell-cancel").addEventListener("click", function () {
      form.hidden = true;
      if (chosen) { chosen.classList.remove("chosen"); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { form.hidden = true; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { progress(); editor(); });
}());
