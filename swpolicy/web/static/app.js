// Polls a running job; when done, moves to the run's results or shows the report's links. The only script on the
// site; every page works without it (the job page also refreshes itself in <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("job");
  var state = box && box.getAttribute("data-state");
  var finished = ["done", "failed", "cancelled", "interrupted"];
  if (!box || finished.indexOf(state) >= 0) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");

  function show(job) {
    bar.value = job.progress;
    var text = Math.round(job.progress * 100) + "%";
    bar.textContent = text;
    percent.textContent = text;
    status.textContent = "Status: " + job.status + (job.stage ? " (" + job.stage + ")" : "") +
      (job.error ? ": " + job.error : "");
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.status === "done" && job.kind === "bill_impact") {
          window.location.reload();  // the server leads back to the bill, its impact shown
        } else if (job.status === "done" && job.run_id !== null) {
          window.location.assign("/runs/" + job.run_id);
        } else if (job.status === "done") {
          window.location.reload();  // the server renders the report's download links
        } else if (finished.indexOf(job.status) >= 0) {
          window.location.reload();  // the server renders the retry button or the error
        } else {
          window.setTimeout(poll, 400);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
