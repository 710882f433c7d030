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
report-detail = 详情：{ $detail }

fail-critical-missed = 未完成关键项目：{ $criterion }
fail-critical-harmful = 严重有害操作：{ $criterion }
fail-below-pass-mark = 未达到及格线（{ $percent }% < { $pass }%）

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
