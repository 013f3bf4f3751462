// Resumable evidence upload against the case's upload API (README "Documents, evidence"): declare the
// file (size, sha256, metadata), then PATCH it in chunks at Upload-Offset. A dropped connection asks
// the server (HEAD) how much it holds and goes on from there; the upload's address is kept in
// localStorage, so choosing the same file again after a reload resumes instead of starting over.
(function () {
  "use strict";
  var KEEP = "casetrail-upload:";

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function message(response) {
    try { var body = await response.json(); return body.error ? body.error.message : "上传失败"; }
    catch (e) { return "上传失败（" + response.status + "）"; }
  }

  async function serverOffset(url) {
    var head = await fetch(url, { method: "HEAD", credentials: "same-origin" });
    if (!head.ok) throw new Error("无法查询已上传的进度，请稍后重试");
    return { offset: +head.headers.get("Upload-Offset"), status: head.headers.get("Upload-Status") };
  }

  function beijing(value) { return value ? value + (value.length === 16 ? ":00" : "") + "+08:00" : null; }

  async function upload(form) {
    var file = form.querySelector("input[type=file]").files[0];
    var bar = form.querySelector("progress"), say = form.querySelector(".upload-status");
    var alert = form.querySelector(".upload-error");
    alert.textContent = ""; alert.hidden = true;
    if (!file) { throw new Error("请选择要上传的文件"); }
    var chunk = +(form.dataset.chunk || 1048576);
    var key = KEEP + form.dataset.case + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    var url = localStorage.getItem(key), offset = 0;
    if (url) {
      var state = await serverOffset(url).catch(function () { return null; });
      if (state && state.status === "open") { offset = state.offset; say.textContent = "继续上传（已保存 " + offset + " 字节）"; }
      else { url = null; }
    }
    if (!url) {
      say.textContent = "正在计算文件校验值（SHA-256）…";
      var digest = hex(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
      var data = new FormData(form), meta = {
        recorder: data.get("recorder"), method: data.get("method"), proves: data.get("proves"),
        recorded_from: beijing(data.get("recorded_from")), recorded_to: beijing(data.get("recorded_to")),
        place: data.get("place") || null, obligation_key: data.get("obligation_key") || null,
        late_reason: data.get("late_reason") || null, device: data.get("device") || null
      };
      // The points the regulation asks a recording's description to answer, group by group.
      form.querySelectorAll("[data-points]").forEach(function (group) {
        var boxes = group.querySelectorAll("input[type=checkbox][data-point]");
        if (boxes.length) {
          meta[group.dataset.points] = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
            .map(function (b) { return b.dataset.point; });
          return;
        }
        var answers = {};
        group.querySelectorAll("[data-point]").forEach(function (box) {
          if (box.value.trim()) { answers[box.dataset.point] = box.value.trim(); }
        });
        meta[group.dataset.points] = answers;
      });
      var opened = await fetch(form.action, {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ kind: data.get("kind"), filename: file.name, media_type: file.type || "application/octet-stream",
                               size: file.size, sha256: digest, metadata: meta })
      });
      if (opened.status !== 201) throw new Error(await message(opened));
      url = opened.headers.get("Location");
      localStorage.setItem(key, url);
    }
    var failures = 0;
    while (offset < file.size) {
      bar.value = offset / file.size * 100;
      say.textContent = "已上传 " + Math.floor(bar.value) + "%";
      var response;
      try {
        response = await fetch(url, {
          method: "PATCH", credentials: "same-origin",
          headers: { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          body: file.slice(offset, offset + chunk)
        });
      } catch (dropped) {
        if (++failures > 20) throw new Error("网络中断，请稍后重新选择该文件继续上传");
        say.textContent = "网络中断，正在重试…";
        await sleep(Math.min(500 * failures, 5000));
        offset = (await serverOffset(url)).offset;
        continue;
      }
      if (response.status === 201) { localStorage.removeItem(key); bar.value = 100; return; }
      if (response.status !== 204) {
        if (response.status === 409 || response.status === 422) localStorage.removeItem(key);
        throw new Error(await message(response));
      }
      failures = 0;
      offset = +response.headers.get("Upload-Offset");
    }
  }

  // The party's signature drawn on screen becomes the file to upload (a PNG, stored as evidence).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature]").forEach(function (box) {
      if (!window.SignaturePad) { box.hidden = true; return; }
      var canvas = box.querySelector("canvas"), pad = new window.SignaturePad(canvas);
      function fit() {
        var ratio = Math.max(window.devicePixelRatio || 1, 1), width = box.clientWidth - 24;
        canvas.style.width = width + "px"; canvas.style.height = "200px";
        canvas.width = width * ratio; canvas.height = 200 * ratio;
        canvas.getContext("2d").scale(ratio, ratio); pad.clear();
      }
      box.closest("details").addEventListener("toggle", fit);
      box.querySelector(".sign-clear").addEventListener("click", function () { pad.clear(); });
      box.querySelector(".sign-use").addEventListener("click", function () {
        if (pad.isEmpty()) return;
        canvas.toBlob(function (blob) {
          var form = box.closest("form"), files = new DataTransfer();
          files.items.add(new File([blob], "当事人签名.png", { type: "image/png", lastModified: Date.now() }));
          form.querySelector("input[type=file]").files = files.files;
          form.querySelector("select[name=kind]").value = "photo";
          form.querySelector("input[name=method]").value = "当事人在执法终端屏幕上手写签名";
        }, "image/png");
      });
    });
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches("form.upload")) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    upload(form).then(function () {
      form.querySelector(".upload-status").textContent = "上传完成，校验通过";
      location.reload();
    }, function (error) {
      var alert = form.querySelector(".upload-error");
      alert.textContent = error.message; alert.hidden = false;
      form.querySelector(".upload-status").textContent = "";
    }).finally(function () { button.disabled = false; });
  });
})();
