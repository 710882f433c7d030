# 「もしも」（CLI とアプリ）と「学習の記録」（アプリ）。もしもは実際のセッションではなく、表示するすべての文でそう示す。

## もしも
whatif-banner = もしも — 実際のセッションではありません
whatif-banner-detail = ログ { $log } から同じ患者（シード { $seed }）で再シミュレーションしました。何も書き込まれず、LRS にも送信されません。
whatif-edits = 変更：
whatif-no-edits = なし：実際に行ったとおりのセッション
whatif-edit-move = 判断 { $n }（{ $order }）を { $from } から { $to } に移動
whatif-edit-drop = 判断 { $n }（{ $at } の { $order }）を取り消し
whatif-edit-add = { $at } に { $order } を追加
whatif-col-session = あなたのセッション
whatif-col-what-if = もしも
whatif-row-score = 得点
whatif-row-result = 結果
whatif-row-ended = 終了
whatif-ended = { $at }：{ $reason }（{ $state }）
whatif-changed = 結果が変わった評価項目：
whatif-changed-none = 結果が変わった評価項目はありません。
whatif-change = { $criterion }［{ $weight }］：{ $before } { $before_points }/{ $points } → { $after } { $after_points }/{ $points }
whatif-vitals = バイタルサイン（あなたのセッション → もしも）：
whatif-vitals-ended = 終了
whatif-not-reached = 実行されず：{ $at } の { $order }（もしもの症例はすでに終了していました）
whatif-case-changed = 注：セッション後に症例ファイルが変更されています。両方とも現在の症例で実行しました。
whatif-decisions = このセッションの判断（デブリーフィングと同じ番号）：
whatif-refused = もしもを実行できません：{ $reason }

## もしも（アプリ）
whatif-open = もしも…
whatif-open-hint = 自分の判断をひとつ変えて、自分の患者がたどるもうひとつの経過を見てみましょう。
whatif-title = もしも — 実際のセッションではありません
whatif-back = 戻る
whatif-pick = あなたの判断：変更するものを選択
whatif-earlier = 早く
whatif-later = 遅く
whatif-minutes = 分
whatif-move-to = 移動先
whatif-remove = 取り消す
whatif-restore = 残す
whatif-add = 指示を追加
whatif-add-at = 時刻
whatif-add-button = 追加
whatif-run = 再シミュレーション
whatif-reset = 変更をすべて元に戻す
whatif-legend-session = 実線：あなたのセッション
whatif-legend-what-if = 破線：もしも
whatif-waiting-log = ログを保存中です。ディスクに書き込まれると、もしもを開始できます。
whatif-expert-toggle = エキスパートの患者を表示（同じシード）
whatif-expert-legend = 淡い線：エキスパートの模範経路（{ $path }）

## 学習の記録
progress-open = 学習の記録…
progress-title = 学習の記録：{ $trainee }
progress-none = { $dir } に { $trainee } の終了したセッションはまだありません。
progress-chart = 得点の推移
progress-axis-session = セッション
progress-axis-score = 得点（%）
progress-cases = 症例別
progress-col-case = 症例
progress-col-sessions = セッション数
progress-col-best = 最高
progress-col-last = 最新
progress-play-again = もう一度
progress-missed-again = 2 回以上達成できなかった評価項目
progress-missed-none = 2 回以上達成できなかった評価項目はありません。
progress-missed-count = { $count } 回のセッションで未達成
progress-untrusted = 信頼できないログ（集計から除外）
progress-untrusted-line = { $file }：{ $reason }
progress-back = ライブラリに戻る
progress-trainee-needed = ライブラリで名前または ID を入力すると、学習の記録を表示できます。
