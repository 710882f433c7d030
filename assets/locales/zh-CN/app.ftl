# 应用界面文本（病例库、交班、病例、复盘）。

language = 语言
back-to-library = 返回病例库
cancel = 取消
glyph-sample = 患者心率血压

## Library
trainee-id = 学员姓名或编号
trainee-hint = 例如：R2-王
library-cases = 病例
library-no-cases = 未找到病例。请用 --cases 指定病例文件夹后启动。
library-open = 打开
library-minutes = 约{ $minutes }分钟
library-unfinished = 未完成的练习
library-none-unfinished = 无：之前的练习均已完成。
library-resume = 继续
library-unfinished-detail = { $trainee }，停在 { $time }
library-problems = 无法加载的病例
difficulty-foundation = 基础
difficulty-intermediate = 中级
difficulty-advanced = 高级

## Briefing
briefing-handover = 交班
briefing-start = 开始病例
briefing-as = 学员：{ $trainee }
briefing-as-anonymous = 匿名练习中：在病例库中填写学员姓名或编号，日志才会记录
briefing-clock-runs = 本病例中，您填写医嘱或回答确认时时钟不会暂停：犹豫的时间也是患者的时间。
chart-history = 既往史
chart-medications = 长期用药
chart-on-board = 交班前已给药或正在输注
chart-on-board-dose = { $drug } { $amount } { $route }（交班前 { $minutes } 分钟）
chart-on-board-dose-now = { $drug } { $amount } { $route }（交班时）
chart-on-board-infusion = { $drug }正以 { $rate } 持续输注
chart-labs = 入院化验
chart-none = 无记录
allergies = 过敏
allergies-none = 无已知药物过敏
patient-facts = { $age }岁 · { $sex } · { $weight } kg · { $height } cm
sex-female = 女
sex-male = 男

## Case
case-actions = 操作
case-end = 结束病例
clock-pause = 暂停
clock-paused = 已暂停
log-saving = 正在保存决策日志…（写入磁盘前时钟暂停）
clock-held = 此对话框打开期间时间暂停。
clock-runs = 本病例中，您作决定时时钟仍在运行。
clock-skip = 跳到下一事件
clock-skip-to = 跳到 { $time }
clock-limit = / { $limit }
monitor-title = 床旁监护仪
mon-hr = 心率
mon-bp = 血压
mon-spo2 = SpO₂
mon-rr = 呼吸
mon-temp = 体温
alarm-high = { $name } 过高
alarm-low = { $name } 过低
alarm-cleared = { $name } 恢复正常范围
trend-vitals = 生命体征
trend-labs = 化验结果
trend-no-labs = 暂无结果。
trend-labs-range = 阴影：参考范围
trend-hours = 小时
trend-minutes = 分钟
trend-decisions = 决策
feed-pending = 待出结果
feed-pending-item = { $test }：{ $due } 出结果（还有 { $in }）
feed-none = 无
feed-infusions = 正在输注
# Standing (scheduled) orders: { $order } is the drug, dose and route; { $at } a clock time.
feed-standing = 长期医嘱
feed-standing-next = { $order }：下次 { $at }
feed-standing-held = { $order }：已暂停
feed-standing-over = { $order }：之后无给药
feed-events = 事件与结果
feed-result = { $test }（{ $taken } 采样）：
feed-ended = 病例已结束。
speaker-nurse = 护士
speaker-patient = 患者
speaker-relative = 家属
speaker-doctor = 医生
speaker-system = 系统

## Orders
order-weight = 患者体重：{ $weight } kg
order-usual = 常用范围：{ $range }
order-bolus = 剂量（推注）
order-infusion = 速度（持续输注）
order-dose = 剂量
order-rate = 速度
order-unit = 单位
order-route = 途径
order-route-choose = 请选择…
route-iv = IV
route-im = IM
route-sc = SC
route-po = PO
route-pr = PR
route-inhaled = 吸入
route-topical = 外用
list-separator = 、
order-place = 下达医嘱
order-refused = 已拒绝
order-unusual = 超出常用范围
order-unusual-detail = { $value } { $unit }（常用 { $min }–{ $max } { $unit }）
confirm-high-risk = 高危医嘱：请确认
confirm-yes = 确认并给药
confirm-end = 现在结束病例吗？将按当前情况评分。
confirm-end-yes = 结束并评分

## Debrief
debrief-title = 复盘：{ $title }
debrief-criteria = 评分项目
debrief-timeline = 时间线（数字标记您的决策）
debrief-log = 决策日志已保存到 { $path }
debrief-log-saving = 正在将决策日志保存到 { $path }…
debrief-leave-when-saved = 决策日志保存后即返回病例库…
leave-unsaved-title = 决策日志尚未保存
leave-unsaved = 决策日志写入失败：{ $error }。尚未写入磁盘的行数：{ $lines }。现在离开将丢失这些行，磁盘上的日志止于其之前（可从该处继续）。Bedside 每 2 秒重试一次。
leave-unsaved-stay = 留下并继续重试
leave-unsaved-leave = 不保存直接离开
leave-unsaved-quit = 不保存直接关闭
debrief-hash = 日志最后一行的 SHA-256：{ $hash }

## Refused orders (the core decides; these word its reasons)
refused-what-dose = 剂量
refused-what-rate = 速度
refused-what-route = 途径
refused-unknown-action = 本病例没有“{ $action }”这一操作
refused-case-over = 病例已结束，不能再下医嘱
refused-not-finite = { $what }不是数字
refused-not-positive = { $what }必须大于零（输入为 { $value }）
refused-unpreparable = { $what }超过常用上限（{ $usual }）的一百万倍，无法配制这样的医嘱
refused-unit-unknown = 无法识别的单位“{ $unit }”（可用 g、mg、µg、L、mL、units、mmol，可加 /kg 及 /min 或 /h）
refused-unit-dimension = 单位“{ $unit }”不适用于此医嘱（例如“{ $example }”）
refused-missing = 请输入{ $what }
refused-not-taken = 此医嘱不需要{ $what }
refused-dose-and-rate = 一条医嘱只能给剂量或速度之一
refused-route = 途径 { $route } 不可用（可选：{ $allowed }）
refused-no-route = 请选择途径（{ $allowed }）
order-number-hint = 小数请用小数点（1.5）；逗号只能用作千位分隔符（1,000）。

## Instructor mode (--instructor)
reload-watching = 教师模式：保存病例文件后会在此重新加载。
reload-failed = 编辑后的病例有错误，仍按原病例继续运行：
reload-done = 病例已重新加载：重放 { $replayed } 个决策，跳过 { $skipped } 个（已不再有效）。

## Review (assessors)
library-review = 查看日志…
review-title = 审阅训练日志
review-open-file = 打开日志文件：
review-open = 打开
review-folder = { $folder } 中的日志
review-none = 此文件夹中还没有日志。
review-unreadable-log = 无法打开
review-ok = 已验证
review-untrusted-short = 不可信
review-unfinished = 未完成
review-close = ← 关闭日志
review-who = { $trainee } · 开始于 { $started } UTC · 种子 { $seed } · { $program }
review-verified = ✔ 哈希链已验证：全部 { $lines } 行完整且顺序正确。
review-untrusted = ⚠ 不可信的日志 — 哈希链在第 { $line } 行断开。
review-untrusted-score = ⚠ 不可信的日志 — 评分行（第 { $line } 行）与其决策应得的分数不符：已被篡改。
review-untrusted-note = 以下为文件当前的内容，不能作为学员的记录。
review-unreadable = 完全无法读取的行：{ $lines }
review-case-changed = 本次训练之后，病例文件已被修改。
review-diverges = 回放从日志第 { $line } 行起与日志不一致。
review-replays = 回放各项决策可重现日志的每一行。
review-no-replay = 无法回放：{ $reason }
review-no-replay-not-in-library = 病例库中没有病例“{ $case }”
review-no-replay-other-case = 这是病例“{ $found }”的日志，不是“{ $expected }”的
review-no-replay-missing-action = 第 { $line } 行的决策所用的操作“{ $action }”在该病例中已不存在
review-tab-replay = 回放
review-tab-debrief = 评分时的复盘
review-of = / { $end }
review-start = 回到开头
review-end = 跳到结尾
review-prev = ◀ 上一个决策
review-next = 下一个决策 ▶
review-play = ▶ 播放
review-pause = ⏸ 暂停
review-decisions = 决策及其决定的评分项
review-jump = 显示此刻的床旁情况
review-line = 日志第 { $line } 行
review-no-criteria = （没有评分项由此决定）
review-as-scored = 训练结束时的评分：
review-rederived = 根据决策重新得出的结果（评分行已被篡改，不予显示）：
review-not-finished = 训练未结束：以下为按当前状态重新评分的结果。
review-rescore-differs = 按库中当前病例重新评分，结果为 { $percent }%（{ $verdict }）。

## Results to the Learning Record Store (xAPI)
lrs-settings = 向LRS发送结果…
lrs-title = 向学习记录存储（LRS）发送结果
lrs-explain = 病例结束后，其xAPI语句会保存在发件箱中，待能连接LRS时发送。离线时也不会丢失。
lrs-send-after = 每个病例结束后发送结果
lrs-endpoint = LRS地址（xAPI）
lrs-user = 用户
lrs-password-env = 密码环境变量
lrs-password-set = 已设置
lrs-password-unset = 未设置：发送将等待
lrs-home-page = 学员账户主页
lrs-hospital = 医院（站点 ID）
lrs-hospital-hint = 例如：tokyo-1
lrs-hospital-invalid = 不是有效的站点 ID：仅限字母、数字、- 和 _，最多 64 个字符
lrs-outbox = 发件箱：{ $folder }
lrs-sending = 正在向LRS发送结果…
lrs-save = 保存
lrs-send-now = 立即发送待发结果
lrs-sent = 已发送至LRS：{ $statements } 条语句。
lrs-rejected = LRS拒绝了一次训练记录：{ $reason }
lrs-not-sent = 尚未发送 — { $reason }。发件箱中等待的训练记录：{ $queued }。
lrs-nothing-queued = 没有等待发送的内容。
lrs-load-error = 未使用LRS设置：{ $error }

# 日志行的问题（回顾界面；`bedside verify` 以英文输出相同内容）。
log-problem-not-utf8 = 不是有效的 UTF-8 文本
log-problem-not-a-line = 不是日志行（{ $detail }）
log-problem-numbered = 该行自称第 { $number } 行：有行被删除、添加或调换了顺序
log-problem-chain = 上一行不是写入本行时的那一行：有行被修改、删除或调换了顺序
log-problem-not-one-kind = 每行只能包含表头、记录或评分中的一项
log-problem-format = 不支持日志格式 { $format }（本程序可读取格式 { $formats }）
log-problem-no-header = 第一行必须是表头
log-problem-second-header = 出现了第二个表头
log-problem-clock-in-format = 格式 { $format } 的日志中出现了时钟行：时钟行自格式 { $clock_format } 起才有
log-problem-after-score = 评分行之后还有内容（评分行必须是最后一行）
log-problem-unterminated = 不是日志行，且未以换行结束
log-problem-torn = 最后一行不完整（程序在写入时停止）；之前的各行完好
log-problem-not-a-score = 评分行中没有有效的评分（{ $detail }）
log-problem-time = 模拟时间{ $seconds }秒超出了一次训练可能持续的最长时间（{ $days }天）
log-problem-too-long = 该行超过{ $mib } MiB（日志单行的上限）：不是本程序写入的日志
log-problem-score-mismatch = 评分行记录为{ $logged_earned }/{ $logged_available }分（{ $logged_percent }%），{ $logged_passed ->
        [true] 通过
       *[false] 未通过
    }；但按同一病例对各项决策重新评分为{ $rescored_earned }/{ $rescored_available }分（{ $rescored_percent }%），{ $rescored_passed ->
        [true] 通过
       *[false] 未通过
    }：评分行已被篡改
log-error-io = { $path }：无法读取文件（{ $detail }）
log-error-empty = { $path }：日志为空
log-error-finished = { $path }：该练习已结束（有评分行），无法继续

# 简报和复盘中的学习设计（有学习目标和预简报的病例）。
briefing-learning = 本病例的学习内容
briefing-learners = 适用对象：{ $level }
briefing-prerequisites = 开始前应掌握：
briefing-objectives = 学习目标
briefing-prebrief = 开始之前
prebrief-simulation = 模拟的内容
prebrief-time = 时间如何推进
prebrief-can = 你可以做什么
prebrief-cannot = 你不能做什么
prebrief-safe = 安心学习的环境
debrief-objective-points = { $earned }/{ $available }
debrief-prompts = 复盘问题
debrief-other = 其他评分项
