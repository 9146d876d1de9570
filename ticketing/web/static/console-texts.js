// Every text of the handoff console, in Chinese and English; canned replies too.
window.KEFU_CONSOLE_TEXTS = {
  zh: {
    title: "客服工作台", signInTitle: "坐席登录", username: "用户名", password: "密码",
    signIn: "登录", signOut: "退出", signInFailed: "登录失败：用户名或密码不正确",
    queue: "待处理队列", pick: "从左侧队列选择一个会话", resolve: "解决", transfer: "转派",
    toBot: "交还机器人", internal: "内部备注", send: "发送", customer: "客户 360°",
    live: "实时", offline: "离线", modeBot: "机器人接待", modeHuman: "人工接待",
    unassigned: "待分配", due: "剩余", overdue: "已超时", noChat: "此工单没有在线会话",
    noCustomer: "匿名访客（未识别客户）", customerUnavailable: "客户资料暂不可用",
    canned: "快捷回复…", transferReason: "请输入转派原因", failed: "操作失败：",
    customerSays: "客户", bot: "机器人", agent: "坐席", note: "内部备注", system: "系统",
    negative: "负面", neutral: "中性", positive: "正面", anger: "愤怒",
    name: "姓名", segment: "分层", mobile: "手机", orders: "订单数", spend: "累计消费",
    tickets: "工单", tags: "标签", notices: "提醒",
  },
  en: {
    title: "Agent console", signInTitle: "Agent sign-in", username: "Username",
    password: "Password", signIn: "Sign in", signOut: "Sign out",
    signInFailed: "Sign-in failed: wrong username or password",
    queue: "Queue", pick: "Pick a conversation from the queue", resolve: "Resolve",
    transfer: "Transfer", toBot: "Return to bot", internal: "Internal note", send: "Send",
    customer: "Customer 360°", live: "Live", offline: "Offline", modeBot: "With the bot",
    modeHuman: "With an agent", unassigned: "Unassigned", due: "left", overdue: "overdue",
    noChat: "This ticket has no chat", noCustomer: "Anonymous visitor (customer unknown)",
    customerUnavailable: "Customer data unavailable", canned: "Canned replies…",
    transferReason: "Reason for the transfer", failed: "Failed: ", customerSays: "Customer",
    bot: "Bot", agent: "Agent", note: "Internal note", system: "System",
    negative: "negative", neutral: "neutral", positive: "positive", anger: "angry",
    name: "Name", segment: "Segment", mobile: "Mobile", orders: "Orders", spend: "Spend",
    tickets: "Tickets", tags: "Tags", notices: "Notices",
  },
};
window.KEFU_CANNED_REPLIES = {
  zh: [
    "您好，我是人工客服，很高兴为您服务。",
    "请稍等，我马上为您查询。",
    "给您带来不便，非常抱歉。",
    "请提供一下您的订单号，方便我为您查询。",
    "问题已经为您处理好了，还有其他可以帮您的吗？",
  ],
  en: [
    "Hello, I'm an agent and happy to help.",
    "One moment please, I'm checking that for you.",
    "I'm sorry for the trouble.",
    "Could you give me your order number so I can look it up?",
    "That's sorted out. Is there anything else I can help with?",
  ],
};
