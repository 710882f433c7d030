# “假如”（命令行与应用）和“我的进度”（应用）。假如不是真实的练习：显示它的每处文字都要注明。

## 假如
whatif-banner = 假如 — 不是真实的练习
whatif-banner-detail = 根据日志 { $log } 以同一位患者（种子 { $seed }）重新模拟。未写入任何文件，也不会发送到 LRS。
whatif-edits = 更改：
whatif-no-edits = 无：与实际练习相同
whatif-edit-move = 将决策 { $n }（{ $order }）从 { $from } 移到 { $to }
whatif-edit-drop = 去掉决策 { $n }（{ $at } 的 { $order }）
whatif-edit-add = 在 { $at } 添加 { $order }
whatif-col-session = 您的练习
whatif-col-what-if = 假如
whatif-row-score = 得分
whatif-row-result = 结果
whatif-row-ended = 结束
whatif-ended = { $at }：{ $reason }（{ $state }）
whatif-changed = 结果有变化的评分项：
whatif-changed-none = 没有评分项的结果发生变化。
whatif-change = { $criterion }［{ $weight }］：{ $before } { $before_points }/{ $points } → { $after } { $after_points }/{ $points }
whatif-vitals = 生命体征（您的练习 → 假如）：
whatif-vitals-ended = 已结束
whatif-not-reached = 未执行：{ $at } 的 { $order }（假如中的病例已经结束）
whatif-case-changed = 注意：练习之后病例文件已更改；两次运行都使用当前的病例。
whatif-decisions = 本次练习的决策（编号与复盘相同）：
whatif-refused = 无法运行假如：{ $reason }

## 假如（应用）
whatif-open = 假如…
whatif-open-hint = 改变您的一个决策，看看您自己的患者会走上怎样的另一条路。
whatif-title = 假如 — 不是真实的练习
whatif-back = 返回
whatif-pick = 您的决策：选择一个进行更改
whatif-earlier = 提前
whatif-later = 推迟
whatif-minutes = 分钟
whatif-move-to = 移到
whatif-remove = 去掉
whatif-restore = 保留
whatif-add = 添加医嘱
whatif-add-at = 时间
whatif-add-button = 添加
whatif-run = 重新模拟
whatif-reset = 撤销所有更改
whatif-legend-session = 实线：您的练习
whatif-legend-what-if = 虚线：假如
whatif-waiting-log = 日志正在保存；写入磁盘后即可开始假如。
whatif-expert-toggle = 显示专家的患者（同一种子）
whatif-expert-legend = 淡色线：专家的标准路径（{ $path }）

## 我的进度
progress-open = 我的进度…
progress-title = 我的进度：{ $trainee }
progress-none = { $dir } 中还没有 { $trainee } 已完成的练习。
progress-chart = 得分变化
progress-axis-session = 练习
progress-axis-score = 得分（%）
progress-cases = 按病例
progress-col-case = 病例
progress-col-sessions = 练习次数
progress-col-best = 最高
progress-col-last = 最近
progress-play-again = 再练一次
progress-missed-again = 多次未达到的评分项
progress-missed-none = 没有多次未达到的评分项。
progress-missed-count = 在 { $count } 次练习中未达到
progress-untrusted = 不可信的日志（不计入统计）
progress-untrusted-line = { $file }：{ $reason }
progress-back = 返回病例库
progress-trainee-needed = 请在病例库中输入您的姓名或 ID 以查看进度。
