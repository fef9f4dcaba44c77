// The public request pages (progressive enhancement only: every page works
// without this file). On the form: a filter box for the unit select, and
// already published documents matching the description as the applicant
// types (the public search API, debounced). On the confirmation page: a new
// challenge image. On the receipt: the print button.
(function () {
  "use strict";

  // Words that say nothing about the information itself; the same list as
  // requestFillers in portal_request_apply.go.
  var FILLERS = ["申请公开", "请求公开", "要求公开", "政府信息", "相关信息", "有关信息", "相关文件", "有关文件",
    "申请", "公开", "请求", "要求", "提供", "我想", "了解", "查询", "获取", "关于", "相关", "有关", "信息", "文件",
    "我", "的", "和", "及", "与", "或", "等", "请", "要", "想"];

  function matchQuery(desc) {
    var q = desc.slice(0, 120);
    FILLERS.forEach(function (f) { q = q.split(f).join(" "); });
    return q.split(/[\s，。、；：,.（）“”"]+/).filter(Boolean).join(" ");
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  // Unit filter: hide the options (and groups) that do not match.
  var filter = document.querySelector("[data-unit-filter]");
  if (filter) {
    var select = document.getElementById(filter.getAttribute("data-unit-filter"));
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var needle = filter.value.trim().toLowerCase();
      var groups = select.querySelectorAll("optgroup");
      Array.prototype.forEach.call(groups, function (g) {
        var any = false;
        Array.prototype.forEach.call(g.querySelectorAll("option"), function (o) {
          var hit = !needle || (o.getAttribute("data-search") || "").indexOf(needle) >= 0 || o.selected;
          o.hidden = !hit;
          o.disabled = !hit && !o.selected;
          any = any || hit;
        });
        g.hidden = !any;
      });
    });
  }

  // Matching published documents while typing the description.
  var desc = document.querySelector("[data-match-list]");
  if (desc && window.fetch) {
    var box = document.getElementById(desc.getAttribute("data-match-list"));
    var unitSelect = document.getElementById(desc.getAttribute("data-match-unit"));
    var endpoint = desc.getAttribute("data-match-endpoint");
    var timer = null, seq = 0, last = "";

    var unitCode = function () {
      if (!unitSelect || !unitSelect.value) { return ""; }
      var o = unitSelect.options[unitSelect.selectedIndex];
      return o ? o.getAttribute("data-code") || "" : "";
    };

    var search = function (q) {
      var params = new URLSearchParams({ q: q, per_page: "5" });
      var code = unitCode();
      if (code) { params.set("unit", code); }
      return fetch(endpoint + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; });
    };

    var show = function (results) {
      box.textContent = "";
      if (!results || !results.length) { box.hidden = true; return; }
      box.appendChild(el("p", {}, "以下已公开的信息可能就是您要找的，已公开的信息无需申请："));
      var ul = el("ul");
      results.forEach(function (r) {
        var li = el("li");
        var a = el("a", { href: r.url, target: "_blank", rel: "noopener" }, r.title);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "muted" }, [r.unit, r.published_on].filter(Boolean).join(" · ")));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      box.hidden = false;
    };

    var run = function () {
      var q = matchQuery(desc.value);
      var key = q + "|" + unitCode();
      if (key === last) { return; }
      last = key;
      if (!q) { show(null); return; }
      var mine = ++seq;
      search(q).then(function (res) {
        if (!res) { return null; }
        if (res.results && res.results.length) { return res.results; }
        if (res.suggestions && res.suggestions.length) {
          return search(res.suggestions[0].q).then(function (r2) { return r2 && r2.results; });
        }
        return null;
      }).then(function (results) {
        if (mine === seq) { show(results); }
      }).catch(function () { /* a help, not a condition */ });
    };

    var debounce = function () {
      clearTimeout(timer);
      timer = setTimeout(run, 600);
    };
    desc.addEventListener("input", debounce);
    if (unitSelect) { unitSelect.addEventListener("change", debounce); }
    if (desc.value) { debounce(); }
  }

  // A new challenge image for the same challenge.
  var reload = document.getElementById("captcha-reload");
  if (reload) {
    reload.hidden = false;
    reload.addEventListener("click", function () {
      var img = document.getElementById("captcha-image");
      img.src = "/requests/captcha/" + reload.getAttribute("data-captcha") + ".png?reload=" + Date.now();
      var input = document.getElementById("f-captcha");
      if (input) { input.value = ""; input.focus(); }
    });
  }

  // Print the receipt.
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
