# Bedside のプログラム文言（レポートとアプリ）。症例の文言は scenarios/ の各症例にあります。

app-title = Bedside
disclaimer = 模擬患者を用いた教育用ソフトウェアです。臨床上の助言ではありません。実際の患者の判断には決して使用しないでください。

report-case = 症例：{ $title }（{ $id } v{ $version }）
report-score = 得点：{ $earned }/{ $available } 点（{ $percent }%）、合格基準 { $pass }%
report-passed = 合格
report-failed = 不合格
report-ended = 終了：{ $reason } — 最終状態：{ $state }
report-evidence = 根拠：ログ { $lines } 行目
report-source = 出典：{ $body }『{ $title }』（{ $year }）。{ $recommendation }
# 出典の該当箇所・推奨度・対象（いずれも原文のまま）。ケースにない項目は省く。
report-source-section = 該当箇所：{ $section }
report-source-strength = 推奨度：{ $strength }
report-source-scope = 対象：{ $scope }
report-source-separator = ／
report-detail = 詳細：{ $detail }

fail-critical-missed = 必須項目の未実施：{ $criterion }
fail-critical-harmful = 重大な有害行為：{ $criterion }
fail-below-pass-mark = 合格基準に未達（{ $percent }% < { $pass }%）
fail-harmful-outcome = 患者に害が生じた：{ $at }に{ $state }
fail-harmful-outcome-after-end = 症例終了後、そのままの状態で患者に害が生じた：{ $at }に{ $state }

status-met = 達成
status-missed = 未達成
status-harmful = 有害
status-not-applicable = 該当なし

weight-critical = 必須
weight-major = 重要
weight-minor = 軽微

end-time-limit = 制限時間に達しました
end-trainee = 研修者が終了しました
end-recovered = 患者は回復しました
end-stabilised = 患者の状態は安定しました
end-deteriorated = 患者の状態は悪化しました
end-died = 患者は死亡しました
end-not-ended = 未終了
criterion-not-applicable = この項目が評価する状況は、今回のセッションでは生じませんでした。

## Cohort report (bedside report)
cohort-title = コホートレポート
cohort-generated = { $date }（UTC）に { $count } 件のセッションログから作成。
cohort-summary = { $sessions } セッション、合格 { $passed } 件（{ $rate }%）、スコア中央値 { $median }%。
cohort-distribution = スコア分布
cohort-axis-score = スコア（%）
cohort-axis-sessions = セッション数
cohort-pass-mark = 合格点 { $pass }%
cohort-sessions = セッション
cohort-col-trainee = 研修者
cohort-col-case = 症例
cohort-col-date = 日時（UTC）
cohort-col-score = スコア
cohort-col-result = 結果
cohort-col-critical = 重大な見落とし
cohort-none = なし
cohort-criteria = コホート全体の評価項目
cohort-col-criterion = 評価項目
cohort-col-weight = 重み
cohort-col-pass-rate = 達成率
cohort-col-applicable = 達成 / 該当
cohort-never-applied = 該当なし
cohort-hospitals = 病院別
cohort-col-hospital = 病院
cohort-col-sessions = セッション数
cohort-col-passed = 合格
cohort-col-session-pass-rate = 合格率
cohort-col-mean = 平均スコア
cohort-mean-score = { $mean }%
cohort-hospital-none = 記録なし
cohort-hospital-all-cases = 全症例
cohort-lrs-title = 学習記録ストアからのコホートレポート
cohort-lrs-source = 学習記録ストア { $endpoint } の { $since } から { $until } までのステートメントから作成：{ $count } セッション。
cohort-lrs-generated = 作成日時 { $date } UTC。
cohort-lrs-filter = 病院 { $hospital } のみ。
cohort-lrs-no-timelines = 学習記録ストアにはバイタルサインの経過がないため、このレポートには経過グラフと判断の一覧がありません。見るにはセッションログからレポートを作成してください。
cohort-lrs-no-criteria = { $count } セッションは評価項目ごとの結果を含まない Bedside から送信されました。合計と病院別には含まれますが、評価項目には含まれません。
cohort-refused = 除外したログ
cohort-timelines = セッションの詳細
cohort-vitals = バイタルサインと研修者の判断
cohort-axis-minutes = 分
cohort-axis-hours = 時間
cohort-decisions = 判断
cohort-refused-order = 拒否：{ $order }
cohort-more-marks = ほかに { $count } 件の判断と状態の変化があります（ここには載せていません。すべてログにあります）。
cohort-case-changed = このセッションの後に症例が変更されました。現在のバージョン { $version } で採点しています。
cohort-logged-differs = ログに記録されたスコア（{ $percent }%）はこの再採点と異なります。再採点の結果を表示しています。
cohort-unfinished = このセッションは終了していません（ログにスコア行がありません）。記録された範囲で採点しています。
cohort-log = ログ { $file } — 最終行の SHA-256：{ $hash }
cohort-by-case = 症例
cohort-col-passed = 合格
cohort-col-median = スコア中央値
cohort-pages = セッション一覧は { $pages } ページ（1 ページ最大 { $per } セッション）に分かれています。各セッションから個別のページ（バイタルサイン、判断、評価項目）へ移動できます。
cohort-page-range = セッション { $from }–{ $to }
cohort-list-page = セッション一覧 { $page } ページ目
cohort-back = コホートレポートに戻る
cohort-refused-all = 除外したログ全 { $count } 件

# 評価項目の結果の理由。$what は行為・薬剤・薬効分類、時刻は症例開始からの経過時間。
duration-h = { $n }時間
duration-m = { $n }分
duration-s = { $n }秒
detail-done = { $what }：{ $at }に実施
detail-never-done = { $what }：未実施
detail-done-before = { $what }を{ $at }に実施（{ $other }より前）
detail-done-after = { $what }を{ $at }に実施（{ $other }の{ $other_at }より後）
detail-in-time = { $what }を{ $at }に実施（期限{ $deadline }）
detail-late = { $what }を{ $at }に実施（期限{ $deadline }を超過）
detail-not-by = { $what }：期限{ $deadline }までに未実施
detail-did-not-arise = 該当する状況は生じませんでした
detail-not-given = { $what }：投与なし
detail-doses-in-range = { $what }はすべて{ $range }の範囲内
detail-doses-in-ranges = { $what }はすべて{ $range }または許容範囲内
detail-doses-out-of-range = { $what }が{ $range }の範囲外：{ $doses }
detail-more = 。
detail-dose-accepted = { $doses }は許容範囲{ $range }（{ $scope }）内
detail-accepted-range = { $range }（{ $scope }）
detail-doses-outside-accepted = 許容範囲{ $ranges }の範囲外でもある
detail-doses-at-most = { $what }はすべて上限{ $max }以内
detail-doses-above = { $what }が上限{ $max }を超過：{ $doses }
detail-dose = { $at }に{ $amount }
detail-dose-product = { $amount }（{ $product }{ $order }）
detail-avoided = { $what }：回避できました
detail-never-while = { $what }：不適切な状況では投与しませんでした
detail-given = { $what }を{ $at }に投与
detail-given-while = { $what }を{ $at }に不適切な状況で投与
detail-reached = { $state }：{ $at }に到達
detail-not-reached = { $state }：到達せず
detail-condition-in-time = { $at }に達成（期限{ $deadline }）
detail-condition-late = { $at }に達成（期限{ $deadline }を超過）
detail-condition-not-by = 期限{ $deadline }までに未達成
detail-reached-after-end = { $state }：症例終了後、そのままの状態で{ $at }に至った
detail-too-early = { $what }：{ $at }に実施（評価期間の開始{ $opens }より前）
detail-in-window = { $what }：{ $at }に実施（評価期間{ $opens }〜{ $closes }）
detail-total-over = { $what }：{ $at }までの{ $over }に計{ $total }（上限{ $max }を超過）
detail-total-over-all = { $what }：{ $at }までに計{ $total }（上限{ $max }を超過）
detail-total-within = { $what }：どの{ $over }でも合計は上限{ $max }以内
detail-total-within-all = { $what }：合計は上限{ $max }以内

# An order amount that was typed but is not a number (the order was refused).
order-amount-not-a-number = （数値ではない）
# A standing (scheduled) order's dose given at its time: "{ $order }" is the drug, dose and route.
standing-order = 定期処方：{ $order }
order-with-product = { $action }：{ $product }

# 学習目標ごとのデブリーフィング（`objectives` のある症例）。
report-objective = 学習目標（{ $earned }/{ $available } 点）：{ $objective }
report-objective-other = その他の評価項目（{ $earned }/{ $available } 点）
report-prompts = 振り返りの問い：
report-prompt = { $phase }：{ $prompt }
prompt-reaction = 感情
prompt-description = 状況の説明
prompt-analysis = 分析
prompt-summary = まとめ
