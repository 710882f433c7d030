# Bedside 程序文本（报告与应用）。病例文本位于 scenarios/ 下各病例中。

app-title = Bedside
disclaimer = 本软件为使用模拟患者的培训软件，不构成临床建议。切勿用于真实患者的诊疗决策。

report-case = 病例：{ $title }（{ $id } v{ $version }）
report-score = 得分：{ $earned }/{ $available } 分（{ $percent }%），及格线 { $pass }%
report-passed = 通过
report-failed = 未通过
report-ended = 结束：{ $reason } — 最终状态：{ $state }
report-evidence = 依据：日志第 { $lines } 行
report-source = 来源：{ $body }《{ $title }》（{ $year }）。{ $recommendation }
# 来源的条目、推荐强度与适用范围（均按原文）。病例未给出的项目省略。
report-source-section = 条目：{ $section }
report-source-strength = 推荐强度：{ $strength }
report-source-scope = 适用范围：{ $scope }
report-source-separator = ／
report-detail = 详情：{ $detail }

fail-critical-missed = 未完成关键项目：{ $criterion }
fail-critical-harmful = 严重有害操作：{ $criterion }
fail-below-pass-mark = 未达到及格线（{ $percent }% < { $pass }%）
fail-harmful-outcome = 患者受到伤害：{ $at }出现{ $state }
fail-harmful-outcome-after-end = 病例结束后维持原状，患者受到伤害：{ $at }出现{ $state }

status-met = 达成
status-missed = 未达成
status-harmful = 有害
status-not-applicable = 不适用

weight-critical = 关键
weight-major = 重要
weight-minor = 次要

end-time-limit = 已到时间限制
end-trainee = 学员结束了病例
end-recovered = 患者已康复
end-stabilised = 患者病情已稳定
end-deteriorated = 患者病情恶化
end-died = 患者死亡
end-not-ended = 未结束
criterion-not-applicable = 本次练习中未出现该项目所评估的情况。

## Cohort report (bedside report)
cohort-title = 队列报告
cohort-generated = 于 { $date }（UTC）根据 { $count } 份会话日志生成。
cohort-summary = 共 { $sessions } 次会话，{ $passed } 次通过（{ $rate }%）；得分中位数 { $median }%。
cohort-distribution = 得分分布
cohort-axis-score = 得分（%）
cohort-axis-sessions = 会话数
cohort-pass-mark = 及格线 { $pass }%
cohort-sessions = 会话
cohort-col-trainee = 学员
cohort-col-case = 病例
cohort-col-date = 日期（UTC）
cohort-col-score = 得分
cohort-col-result = 结果
cohort-col-critical = 关键遗漏
cohort-none = 无
cohort-criteria = 全队列的评分标准
cohort-col-criterion = 评分标准
cohort-col-weight = 权重
cohort-col-pass-rate = 达成率
cohort-col-applicable = 达成 / 适用
cohort-never-applied = 从未适用
cohort-hospitals = 按医院
cohort-col-hospital = 医院
cohort-col-sessions = 会话数
cohort-col-passed = 通过
cohort-col-session-pass-rate = 通过率
cohort-col-mean = 平均分
cohort-mean-score = { $mean }%
cohort-hospital-none = 未记录
cohort-hospital-all-cases = 全部病例
cohort-lrs-title = 来自学习记录存储的队列报告
cohort-lrs-source = 根据学习记录存储 { $endpoint } 中 { $since } 至 { $until } 的语句生成：{ $count } 个会话。
cohort-lrs-generated = 生成于 { $date } UTC。
cohort-lrs-filter = 仅限医院 { $hospital }。
cohort-lrs-no-timelines = 学习记录存储中没有生命体征的变化过程：本报告没有时间曲线和决策列表。如需查看，请根据会话日志生成报告。
cohort-lrs-no-criteria = { $count } 个会话由不含逐项评分结果的 Bedside 发送：它们计入总数和按医院统计，但不计入评分标准。
cohort-refused = 未纳入的日志
cohort-timelines = 会话详情
cohort-vitals = 生命体征与学员的决策
cohort-axis-minutes = 分钟
cohort-axis-hours = 小时
cohort-decisions = 决策
cohort-refused-order = 已拒绝：{ $order }
cohort-more-marks = 另有 { $count } 项决策和状态变化未在此列出，完整记录见日志。
cohort-case-changed = 此会话之后病例已修改：按当前版本 { $version } 评分。
cohort-logged-differs = 日志中记录的分数（{ $percent }%）与本次重新评分不同；此处显示重新评分的结果。
cohort-unfinished = 此会话未结束（日志中没有得分行）；按已记录的部分评分。
cohort-log = 日志 { $file } — 最后一行的 SHA-256：{ $hash }
cohort-by-case = 病例
cohort-col-passed = 通过
cohort-col-median = 得分中位数
cohort-pages = 会话列表共 { $pages } 页（每页最多 { $per } 个会话）；每个会话链接到其单独页面（生命体征、决策、评估项目）。
cohort-page-range = 会话 { $from }–{ $to }
cohort-list-page = 会话列表第 { $page } 页
cohort-back = 返回队列报告
cohort-refused-all = 全部 { $count } 份未纳入的日志

# 评分项目结果的原因。$what 为操作、药物或药物类别，时间为病例开始后的时间。
duration-h = { $n }小时
duration-m = { $n }分钟
duration-s = { $n }秒
detail-done = { $what }：于{ $at }完成
detail-never-done = { $what }：未完成
detail-done-before = { $what }于{ $at }完成（早于{ $other }）
detail-done-after = { $what }于{ $at }完成（晚于{ $other_at }的{ $other }）
detail-in-time = { $what }于{ $at }完成（时限{ $deadline }）
detail-late = { $what }于{ $at }完成（超过时限{ $deadline }）
detail-not-by = { $what }：在时限{ $deadline }前未完成
detail-did-not-arise = 未出现相关情况
detail-not-given = { $what }：未给药
detail-doses-in-range = { $what }的每次剂量均在{ $range }范围内
detail-doses-in-ranges = { $what }的每次剂量均在{ $range }或可接受范围内
detail-doses-out-of-range = { $what }超出{ $range }：{ $doses }
detail-more = ；
detail-dose-accepted = { $doses }在可接受范围{ $range }（{ $scope }）内
detail-accepted-range = { $range }（{ $scope }）
detail-doses-outside-accepted = 也超出可接受范围{ $ranges }
detail-doses-at-most = { $what }每次均未超过上限{ $max }
detail-doses-above = { $what }超过上限{ $max }：{ $doses }
detail-dose = { $at }给予{ $amount }
detail-dose-product = { $amount }（{ $product }{ $order }）
detail-avoided = { $what }：已避免
detail-never-while = { $what }：未在不适当的情况下给予
detail-given = { $what }于{ $at }给予
detail-given-while = { $what }于{ $at }在不适当的情况下给予
detail-reached = { $state }：于{ $at }达到
detail-not-reached = { $state }：未达到
detail-condition-in-time = 于{ $at }达成（时限{ $deadline }）
detail-condition-late = 于{ $at }达成（超过时限{ $deadline }）
detail-condition-not-by = 在时限{ $deadline }前未达成
detail-reached-after-end = { $state }：病例结束后维持原状，于{ $at }发生
detail-too-early = { $what }：于{ $at }执行，早于时间窗开始（{ $opens }）
detail-in-window = { $what }：于{ $at }执行（时间窗{ $opens }–{ $closes }）
detail-total-over = { $what }：截至{ $at }的{ $over }内累计{ $total }，超过上限{ $max }
detail-total-over-all = { $what }：截至{ $at }累计{ $total }，超过上限{ $max }
detail-total-within = { $what }：任意{ $over }内累计均未超过上限{ $max }
detail-total-within-all = { $what }：累计未超过上限{ $max }

# An order amount that was typed but is not a number (the order was refused).
order-amount-not-a-number = （非数字）
# A standing (scheduled) order's dose given at its time: "{ $order }" is the drug, dose and route.
standing-order = 长期医嘱：{ $order }
order-with-product = { $action }：{ $product }

# 按学习目标的复盘（有 `objectives` 的病例）。
report-objective = 学习目标（{ $earned }/{ $available } 分）：{ $objective }
report-objective-other = 其他评分项（{ $earned }/{ $available } 分）
report-prompts = 复盘问题：
report-prompt = { $phase }：{ $prompt }
prompt-reaction = 感受
prompt-description = 描述
prompt-analysis = 分析
prompt-summary = 总结
