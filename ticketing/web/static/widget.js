// kefu chat widget: Rasa's socket.io protocol (session_request / session_confirm /
// user_uttered / bot_uttered) against the service's gateway. Text is always put in with
// textContent, never as HTML, so a message containing <script> shows as text.
(function () {
  "use strict";

  var TEXTS = {
    zh: {
      title: "在线客服", send: "发送", placeholder: "请输入您的问题…",
      connecting: "连接中…", online: "在线", offline: "连接中断，正在重连…",
      bot: "智能助手", agent: "人工客服", system: "系统消息", you: "我",
      other: "EN",
    },
    en: {
      title: "Customer service", send: "Send", placeholder: "Type your question…",
      connecting: "Connecting…", online: "Online", offline: "Connection lost, reconnecting…",
      bot: "Assistant", agent: "Agent", system: "Notice", you: "You",
      other: "中文",
    },
  };
  var STORE = "kefu.session";
  var params = new URLSearchParams(window.location.search);
  var language = params.get("lang") ||
    (navigator.language && navigator.language.toLowerCase().indexOf("zh") === 0 ? "zh" : "en");
  if (!TEXTS[language]) language = "zh";

  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var status = document.getElementById("status");
  var toggle = document.getElementById("language");
  var seen = {};
  var state = "connecting";

  function t(key) { return TEXTS[language][key]; }

  function paint() {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-text]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-text"));
    });
    input.placeholder = t("placeholder");
    toggle.textContent = t("other");
    status.textContent = t(state);
    status.setAttribute("data-state", state);
  }

  function storedSession() {
    try { return window.localStorage.getItem(STORE); } catch (e) { return null; }
  }

  function remember(sessionId) {
    try { window.localStorage.setItem(STORE, sessionId); } catch (e) { /* private mode */ }
  }

  function show(message) {
    var extra = message.metadata || {};
    if (extra.seq) {
      if (seen[extra.seq]) return;
      seen[extra.seq] = true;
    }
    var sender = extra.author || "bot";
    var item = document.createElement("li");
    item.className = "msg " + sender;
    item.setAttribute("data-sender", sender);
    if (sender !== "customer") {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = t(sender) || t("bot");
      item.appendChild(who);
    }
    var body = document.createElement("span");
    body.className = "body";
    body.textContent = message.text || "";
    item.appendChild(body);
    var choices = message.quick_replies || message.buttons || [];
    if (choices.length) {
      var row = document.createElement("div");
      row.className = "choices";
      choices.forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.title;
        button.addEventListener("click", function () { send(choice.payload, choice.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  var socket = io(window.location.origin, { path: "/socket.io" });

  function setState(next) { state = next; paint(); }

  function send(text, shown) {
    if (!text) return;
    show({ text: shown || text, metadata: { author: "customer" } });
    socket.emit("user_uttered", { message: text, session_id: storedSession() });
  }

  socket.on("connect", function () {
    setState("connecting");
    socket.emit("session_request", {
      session_id: storedSession(),
      customData: { language: language, customer_token: params.get("customer_token") },
    });
  });
  socket.on("disconnect", function () { setState("offline"); });
  socket.on("session_confirm", function (confirm) {
    var sessionId = typeof confirm === "string" ? confirm : confirm.session_id;
    remember(sessionId);
    // Each confirm carries the stored transcript: redraw from it (after a reload or a
    // reconnect) so nothing is lost or shown twice.
    list.textContent = "";
    seen = {};
    (confirm.history || []).forEach(show);
    setState("online");
  });
  socket.on("bot_uttered", show);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  toggle.addEventListener("click", function () {
    language = language === "zh" ? "en" : "zh";
    paint();
  });
  paint();
})();
