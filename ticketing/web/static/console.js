// kefu handoff console: sign in (ticketing auth API), the queue by SLA urgency with live
// countdowns, the transcript with sentiment marks, the customer's 360° panel, reply / note /
// canned replies / resolve / transfer / return to bot. Live updates come over the socket.io
// namespace /agents (no polling); countdowns tick in the browser. Text goes in with
// textContent only, so whatever a customer typed shows as text.
(function () {
  "use strict";

  var TEXTS = window.KEFU_CONSOLE_TEXTS;
  var CANNED = window.KEFU_CANNED_REPLIES;
  var TOKEN = "kefu.console.token";
  var language = (navigator.language || "zh").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
  var token = sessionStorage.getItem(TOKEN);
  var agent = null;
  var tickets = [];
  var teams = [];
  var current = null; // {conversation, messages}
  var unread = {};
  var notices = [];
  var coverage = null; // the bot coverage report (supervisors and admins), or null
  var missed = null; // the missed questions of the last 7 days (supervisors and admins), or null
  var MISSED = "/api/v1/reports/missed-questions";
  var socket = null;

  function $(id) { return document.getElementById(id); }
  function t(key) { return TEXTS[language][key] || key; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 && path !== "/api/v1/auth/login") signOut();
        if (!response.ok) {
          var error = new Error((data.error && data.error.message) || response.statusText);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  // --- texts and language ----------------------------------------------------------------
  function paint() {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-text]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-text"));
    });
    $("language").textContent = language === "zh" ? "EN" : "中文";
    var connected = Boolean(socket && socket.connected);
    $("live").textContent = connected ? t("live") : t("offline");
    $("live").setAttribute("data-state", connected ? "on" : "off");
    renderNotices();
    renderCoverage();
    renderMissed();
    var canned = $("canned");
    canned.textContent = "";
    canned.appendChild(el("option", null, t("canned"))).value = "";
    CANNED[language].forEach(function (text) { canned.appendChild(el("option", null, text)); });
    var select = $("transfer-team");
    select.textContent = "";
    teams.forEach(function (team) {
      var option = el("option", null, language === "zh" ? team.name_zh : team.name_en);
      option.value = team.id;
      select.appendChild(option);
    });
    renderQueue();
    if (current) renderThread();
  }

  // --- sign-in -----------------------------------------------------------------------------
  function signIn(event) {
    event.preventDefault();
    $("signin-error").textContent = "";
    api("POST", "/api/v1/auth/login", {
      username: $("username").value, password: $("password").value,
    }).then(function (session) {
      token = session.token;
      sessionStorage.setItem(TOKEN, token);
      start(session.agent);
    }).catch(function () { $("signin-error").textContent = t("signInFailed"); });
  }

  function signOut() {
    if (token) api("POST", "/api/v1/auth/logout").catch(function () {});
    token = null;
    sessionStorage.removeItem(TOKEN);
    if (socket) socket.disconnect();
    $("desk").hidden = true;
    $("signout").hidden = true;
    $("notices-button").hidden = true;
    $("notices").hidden = true;
    $("coverage").hidden = true;
    notices = [];
    coverage = null;
    missed = null;
    renderMissed();
    $("signin").hidden = false;
    $("me").textContent = "";
  }

  function start(me) {
    agent = me;
    $("signin").hidden = true;
    $("desk").hidden = false;
    $("signout").hidden = false;
    $("notices-button").hidden = false;
    $("me").textContent = me.display_name;
    api("GET", "/api/v1/notifications?limit=30").then(function (data) {
      notices = data.notifications || data.items || [];
      renderNotices();
    }).catch(function () {});
    api("GET", "/api/v1/teams").then(function (data) {
      teams = data.teams || data.items || [];
      paint();
    }).catch(function () {});
    connectLive();
    loadQueue();
    loadCoverage();
    loadMissed();
  }

  // --- live events -------------------------------------------------------------------------
  function connectLive() {
    socket = io(window.location.origin + "/agents", {
      path: "/socket.io", auth: { token: token },
    });
    socket.on("connect", function () { paint(); loadQueue(); });
    socket.on("disconnect", paint);
    socket.on("conversation", function (conversation) {
      loadQueue();
      loadCoverage();
      if (current && current.conversation.id === conversation.id) {
        current.conversation = conversation;
        renderThread();
      }
    });
    socket.on("message", function (message) {
      if (current && current.conversation.id === message.conversation_id) {
        addMessage(message);
      } else {
        unread[message.conversation_id] = true;
        renderQueue();
      }
    });
    socket.on("notification", function (notice) {
      notices.unshift(notice);
      renderNotices();
    });
    socket.on("sentiment", function (data) {
      if (!current || current.conversation.id !== data.conversation_id) return;
      current.messages.forEach(function (message) {
        if (message.seq === data.seq) message.sentiment = data.sentiment;
      });
      renderThread();
    });
  }

  // --- notices (SLA warnings, escalations, reminders) --------------------------------------
  function renderNotices() {
    var list = $("notices");
    list.textContent = "";
    var count = 0;
    notices.forEach(function (notice) {
      if (!notice.read_at) count += 1;
      var item = el("li", notice.read_at ? "" : "unread", notice.text[language] || notice.text.zh);
      item.setAttribute("data-notice", notice.id);
      item.appendChild(el("small", null, new Date(notice.created_at).toLocaleString()));
      item.addEventListener("click", function () {
        if (notice.read_at) return;
        api("POST", "/api/v1/notifications/" + notice.id + "/read").then(function () {
          notice.read_at = new Date().toISOString();
          renderNotices();
        }).catch(function () {});
      });
      list.appendChild(item);
    });
    $("notices-count").textContent = count ? String(count) : "";
  }

  // --- bot coverage (supervisors and admins): chats settled without a person ----------------
  function supervising() {
    return Boolean(agent && (agent.role === "supervisor" || agent.role === "admin"));
  }

  function loadCoverage() {
    if (!supervising()) return;
    api("GET", "/api/v1/reports/bot-coverage").then(function (data) {
      coverage = data;
      renderCoverage();
    }).catch(function () {});
  }

  function renderCoverage() {
    var node = $("coverage");
    if (!coverage) { node.hidden = true; return; }
    node.hidden = false;
    node.title = t("coverageTitle");
    if (coverage.coverage === null) {
      node.textContent = t("coverageNone");
      node.removeAttribute("data-state");
      return;
    }
    var percent = function (share) { return Math.round(share * 100) + "%"; };
    node.textContent = t("coverage") + " " + percent(coverage.coverage) + " (" +
      coverage.settled_by_bot + "/" + coverage.conversations + ", " + t("target") + " " +
      percent(coverage.target) + ")";
    node.setAttribute("data-state", coverage.meets_target ? "ok" : "below");
  }

  // --- missed questions (supervisors and admins): what the bot did not understand ----------
  function loadMissed() {
    if (!supervising()) return;
    api("GET", MISSED + "?limit=30").then(function (data) {
      missed = data;
      renderMissed();
    }).catch(function () {});
  }

  function renderMissed() {
    var button = $("missed-button");
    var list = $("missed-list");
    if (!missed) { button.hidden = true; $("missed").hidden = true; return; }
    button.hidden = false;
    $("missed-count").textContent = missed.messages ? String(missed.messages) : "";
    $("missed-summary").textContent = missed.questions.length ? t("missedSummary") : t("missedNone");
    list.textContent = "";
    missed.questions.forEach(function (question) {
      var item = el("li");
      item.appendChild(el("div", "question", question.text));
      var meta = t("miss_" + question.miss) + " · " + t("guess") + " " + question.guess + " " +
        Math.round(question.confidence * 100) + "% · " +
        (language === "zh" ? question.times + t("times") : t("times") + question.times);
      item.appendChild(el("div", "meta", meta));
      list.appendChild(item);
    });
  }

  function downloadMissed() {
    fetch(MISSED + "?format=csv&limit=1000", { headers: { Authorization: "Bearer " + token } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.blob();
      })
      .then(function (blob) {
        var link = el("a");
        link.href = URL.createObjectURL(blob);
        link.download = "missed-questions.csv";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      })
      .catch(function (error) { $("missed-summary").textContent = t("failed") + error.message; });
  }

  // --- the queue ---------------------------------------------------------------------------
  function loadQueue() {
    return api("GET", "/api/v1/queue?assignee=any&limit=100").then(function (data) {
      tickets = data.tickets || [];
      renderQueue();
    }).catch(function () {});
  }

  function nextDue(ticket) {
    var times = [];
    if (!ticket.first_responded_at && ticket.first_response_due_at) times.push(ticket.first_response_due_at);
    if (ticket.next_response_due_at) times.push(ticket.next_response_due_at);
    if (ticket.resolution_due_at) times.push(ticket.resolution_due_at);
    var due = times.map(function (s) { return Date.parse(s); }).filter(isFinite);
    return due.length ? Math.min.apply(null, due) : null;
  }

  function countdown(node, due) {
    if (due === null) { node.textContent = ""; return; }
    var left = Math.round((due - Date.now()) / 1000);
    var late = left < 0;
    var s = Math.abs(left);
    var text = (Math.floor(s / 3600) ? Math.floor(s / 3600) + "h " : "") +
      Math.floor((s % 3600) / 60) + "m " + (s % 60) + "s";
    node.textContent = late ? t("overdue") + " " + text : text + " " + t("due");
    node.className = "countdown" + (late ? " late" : left < 600 ? " soon" : "");
  }

  function renderQueue() {
    var list = $("queue");
    list.textContent = "";
    $("queue-count").textContent = "(" + tickets.length + ")";
    tickets.forEach(function (ticket) {
      var item = el("li", "ticket");
      item.setAttribute("data-ticket", ticket.id);
      if (ticket.conversation_id) item.setAttribute("data-conversation", ticket.conversation_id);
      if (current && current.conversation.id === ticket.conversation_id) item.className += " current";
      var top = el("div", "line");
      var subject = el("span", "subject" + (unread[ticket.conversation_id] ? " unread" : ""), ticket.subject);
      top.appendChild(subject);
      top.appendChild(el("span", "prio " + ticket.priority, ticket.priority));
      item.appendChild(top);
      var meta = el("div", "line meta");
      var team = ticket.team ? (language === "zh" ? ticket.team.name_zh : ticket.team.name_en) : "";
      var who = ticket.assignee ? ticket.assignee.display_name : t("unassigned");
      meta.appendChild(el("span", null, ticket.id + " · " + team + " · " + who));
      var clock = el("span", "countdown");
      clock.setAttribute("data-due", String(nextDue(ticket)));
      countdown(clock, nextDue(ticket));
      meta.appendChild(clock);
      item.appendChild(meta);
      item.addEventListener("click", function () { openTicket(ticket); });
      list.appendChild(item);
    });
  }

  setInterval(function () {
    document.querySelectorAll("#queue .countdown").forEach(function (node) {
      var due = node.getAttribute("data-due");
      countdown(node, due === "null" ? null : Number(due));
    });
  }, 1000);

  // --- one conversation --------------------------------------------------------------------
  function openTicket(ticket) {
    if (!ticket.conversation_id) {
      current = null;
      $("thread").hidden = true;
      $("empty").hidden = false;
      $("empty").textContent = ticket.id + ": " + t("noChat");
      return;
    }
    openConversation(ticket.conversation_id, ticket);
  }

  function openConversation(conversationId, ticket) {
    delete unread[conversationId];
    return api("GET", "/api/v1/conversations/" + encodeURIComponent(conversationId)).then(function (data) {
      current = { conversation: data.conversation, messages: data.messages, ticket: ticket };
      $("empty").hidden = true;
      $("thread").hidden = false;
      renderThread();
      renderQueue();
      loadCustomer(data.conversation.customer_id);
    }).catch(function (error) { showError(error); });
  }

  function mood(sentiment) {
    var mark = el("span", "mood " + sentiment.label, t(sentiment.label) + (sentiment.anger ? " · " + t("anger") : ""));
    mark.title = "P(negative) = " + sentiment.score;
    mark.setAttribute("data-mood", sentiment.label);
    return mark;
  }

  function messageItem(message) {
    var item = el("li", "line-msg " + message.author);
    item.setAttribute("data-seq", message.seq);
    item.setAttribute("data-author", message.author);
    var who = el("span", "who", t(message.author === "customer" ? "customerSays" : message.author) +
      " · " + new Date(message.at).toLocaleTimeString());
    if (message.sentiment) who.appendChild(mood(message.sentiment));
    item.appendChild(who);
    item.appendChild(el("span", "body", message.body));
    (message.buttons || []).forEach(function (button) {
      item.appendChild(el("span", "badge", button.title));
    });
    return item;
  }

  function renderThread() {
    var conversation = current.conversation;
    var ticketId = conversation.ticket_id || "";
    $("thread-title").textContent = ticketId + (conversation.customer_id ? " · " + conversation.customer_id : "");
    var mode = $("thread-mode");
    mode.textContent = conversation.mode === "human" ? t("modeHuman") : t("modeBot");
    mode.className = "badge " + conversation.mode;
    mode.setAttribute("data-mode", conversation.mode);
    $("to-bot").disabled = conversation.mode !== "human";
    var list = $("transcript");
    list.textContent = "";
    current.messages.forEach(function (message) { list.appendChild(messageItem(message)); });
    list.scrollTop = list.scrollHeight;
  }

  function addMessage(message) {
    var known = current.messages.some(function (m) { return m.seq === message.seq; });
    if (known) return;
    current.messages.push(message);
    current.messages.sort(function (a, b) { return a.seq - b.seq; });
    renderThread();
  }

  function loadCustomer(customerId) {
    var panel = $("customer");
    panel.textContent = "";
    if (!customerId) { panel.appendChild(el("p", "note", t("noCustomer"))); return; }
    api("GET", "/api/v1/customers/" + encodeURIComponent(customerId) + "/view").then(function (view) {
      var profile = view.profile || {};
      var rows = [
        ["name", profile.name], ["segment", view.segment && (view.segment.name || view.segment)],
        ["mobile", profile.mobile], ["orders", profile.order_count],
        ["spend", profile.total_spend], ["tags", JSON.stringify(view.tags || profile.tags || "")],
        ["tickets", (view.tickets || []).length],
      ];
      var list = el("dl");
      rows.forEach(function (row) {
        if (row[1] === undefined || row[1] === null) return;
        list.appendChild(el("dt", null, t(row[0])));
        list.appendChild(el("dd", null, typeof row[1] === "object" ? JSON.stringify(row[1]) : row[1]));
      });
      panel.appendChild(list);
    }).catch(function () { panel.appendChild(el("p", "note", t("customerUnavailable"))); });
  }

  // --- actions -----------------------------------------------------------------------------
  function showError(error) { $("action-error").textContent = t("failed") + error.message; }

  function act(path, body) {
    $("action-error").textContent = "";
    var url = "/api/v1/conversations/" + encodeURIComponent(current.conversation.id) + path;
    return api("POST", url, body).catch(function (error) { showError(error); throw error; });
  }

  function sendReply(event) {
    event.preventDefault();
    var text = $("reply").value.trim();
    if (!text || !current) return;
    act("/replies", { body: text, internal: $("internal").checked }).then(function (message) {
      $("reply").value = "";
      $("internal").checked = false;
      addMessage(message);
    }).catch(function () {});
  }

  function updated(conversation) {
    current.conversation = conversation;
    renderThread();
    loadQueue();
  }

  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("missed-button").addEventListener("click", function () {
    var panel = $("missed");
    panel.hidden = !panel.hidden;
    if (!panel.hidden) loadMissed();
  });
  $("missed-download").addEventListener("click", downloadMissed);
  $("notices-button").addEventListener("click", function () {
    $("notices").hidden = !$("notices").hidden;
  });
  $("language").addEventListener("click", function () {
    language = language === "zh" ? "en" : "zh";
    paint();
  });
  $("reply-form").addEventListener("submit", sendReply);
  $("reply").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) sendReply(event);
  });
  $("canned").addEventListener("change", function () {
    if (this.value) $("reply").value = this.value;
    this.selectedIndex = 0;
  });
  $("to-bot").addEventListener("click", function () {
    act("/return-to-bot").then(updated).catch(function () {});
  });
  $("resolve").addEventListener("click", function () {
    act("/resolve").then(updated).catch(function () {});
  });
  $("transfer").addEventListener("click", function () {
    var reason = window.prompt(t("transferReason"));
    if (!reason) return;
    act("/transfer", { team_id: $("transfer-team").value, reason: reason }).then(updated).catch(function () {});
  });

  paint();
  if (token) {
    api("GET", "/api/v1/auth/me").then(function (data) { start(data.agent); }).catch(signOut);
  }
})();
