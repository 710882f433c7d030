# アプリ画面のテキスト（ライブラリ、ブリーフィング、症例、デブリーフィング）。

language = 言語
back-to-library = ライブラリに戻る
cancel = キャンセル
glyph-sample = 患者心拍数血圧

## Library
trainee-id = 研修医の氏名またはID
trainee-hint = 例：R2-佐藤
library-cases = 症例
library-no-cases = 症例が見つかりません。--cases で症例フォルダを指定して起動してください。
library-open = 開く
library-minutes = 約{ $minutes }分
library-unfinished = 中断したセッション
library-none-unfinished = ありません（これまでのセッションはすべて終了しています）。
library-resume = 再開
library-unfinished-detail = { $trainee }、{ $time } で中断
library-problems = 読み込めなかった症例
difficulty-foundation = 基礎
difficulty-intermediate = 中級
difficulty-advanced = 上級

## Briefing
briefing-handover = 申し送り
briefing-start = 症例を開始
briefing-as = 受講者：{ $trainee }
briefing-as-anonymous = 匿名で受講中：ライブラリで研修医の氏名またはIDを入力すると、ログに記録されます
briefing-clock-runs = この症例では、指示を入力したり確認に答えたりしている間も時計は止まりません。迷う時間も患者の時間です。
chart-history = 既往歴
chart-medications = 常用薬
chart-on-board = 申し送り前の投与・実施中の持続投与
chart-on-board-dose = { $drug } { $amount } { $route }（申し送りの{ $minutes }分前）
chart-on-board-dose-now = { $drug } { $amount } { $route }（申し送り時）
chart-on-board-infusion = { $drug } { $rate } で持続投与中
chart-labs = 入院時検査
chart-none = 記載なし
allergies = アレルギー
allergies-none = 既知の薬剤アレルギーなし
patient-facts = { $age }歳・{ $sex }・{ $weight } kg・{ $height } cm
sex-female = 女性
sex-male = 男性

## Case
case-actions = 行動
case-end = 症例を終了
clock-pause = 一時停止
clock-paused = 一時停止中
log-saving = 判断ログを保存中…（ディスクに書き終わるまで時計は止まります）
clock-held = この確認が開いている間、時間は止まっています。
clock-runs = この症例では、判断している間も時計は進み続けます。
clock-skip = 次のイベントへ進む
clock-skip-to = { $time } へ進む
clock-limit = / { $limit }
monitor-title = ベッドサイドモニター
mon-hr = 心拍数
mon-bp = 血圧
mon-spo2 = SpO₂
mon-rr = 呼吸数
mon-temp = 体温
alarm-high = { $name } 高値
alarm-low = { $name } 低値
alarm-cleared = { $name } 正常範囲に回復
trend-vitals = バイタルサイン
trend-labs = 検査値
trend-no-labs = 結果はまだありません。
trend-labs-range = 網掛け：基準範囲
trend-hours = 時間
trend-minutes = 分
trend-decisions = 判断
feed-pending = 結果待ち
feed-pending-item = { $test }：{ $due } に結果（あと { $in }）
feed-none = なし
feed-infusions = 持続投与中
# Standing (scheduled) orders: { $order } is the drug, dose and route; { $at } a clock time.
feed-standing = 定期処方
feed-standing-next = { $order }：次回 { $at }
feed-standing-held = { $order }：中止中
feed-standing-over = { $order }：以後の投与なし
feed-events = イベントと結果
feed-result = { $test }（{ $taken } 採取）：
feed-ended = 症例は終了しました。
speaker-nurse = 看護師
speaker-patient = 患者
speaker-relative = 家族
speaker-doctor = 医師
speaker-system = システム

## Orders
order-weight = 患者体重：{ $weight } kg
order-usual = 通常範囲：{ $range }
order-bolus = 投与量（ボーラス）
order-infusion = 速度（持続投与）
order-dose = 投与量
order-rate = 速度
order-unit = 単位
order-route = 経路
order-route-choose = 選択…
route-iv = IV
route-im = IM
route-sc = SC
route-po = PO
route-pr = PR
route-inhaled = 吸入
route-topical = 外用
list-separator = 、
order-place = 指示を出す
order-refused = 受け付けられません
order-unusual = 通常範囲外
order-unusual-detail = { $value } { $unit }（通常 { $min }–{ $max } { $unit }）
confirm-high-risk = ハイリスク薬の指示：確認してください
confirm-yes = 確認して投与
confirm-end = 症例を今終了しますか？現時点の内容で採点されます。
confirm-end-yes = 終了して採点

## Debrief
debrief-title = デブリーフィング：{ $title }
debrief-criteria = 評価項目
debrief-timeline = 経過（番号はあなたの判断）
debrief-log = 判断ログの保存先：{ $path }
debrief-log-saving = 判断ログを保存中：{ $path }…
debrief-leave-when-saved = 判断ログの保存が終わりしだいライブラリに戻ります…
leave-unsaved-title = 判断ログが保存されていません
leave-unsaved = 判断ログの書き込みに失敗しました：{ $error }。まだディスクにない行：{ $lines }。今離れるとこれらは失われ、ディスク上のログはその手前で終わります（そこから再開できます）。Bedside は 2 秒ごとに再試行しています。
leave-unsaved-stay = 残って再試行を続ける
leave-unsaved-leave = 保存せずに離れる
leave-unsaved-quit = 保存せずに閉じる
debrief-hash = ログ最終行の SHA-256：{ $hash }

## Refused orders (the core decides; these word its reasons)
refused-what-dose = 投与量
refused-what-rate = 速度
refused-what-route = 経路
refused-unknown-action = この症例に「{ $action }」という行動はありません
refused-case-over = 症例は終了しています。これ以上の指示はできません
refused-not-finite = { $what }が数値ではありません
refused-not-positive = { $what }は0より大きくしてください（入力値 { $value }）
refused-unpreparable = { $what }が通常の上限（{ $usual }）の100万倍を超えています。このような指示は調製できません
refused-unit-unknown = 単位「{ $unit }」は使えません（g、mg、µg、L、mL、units、mmol、必要に応じて /kg と /min または /h）
refused-unit-dimension = 単位「{ $unit }」はこの指示に合いません（例：「{ $example }」）
refused-missing = { $what }を入力してください
refused-not-taken = この指示に{ $what }は不要です
refused-dose-and-rate = 1つの指示では投与量か速度のどちらか一方を指定してください
refused-route = 経路 { $route } は使えません（選択肢：{ $allowed }）
refused-no-route = 経路を選んでください（{ $allowed }）
order-number-hint = 小数は点で入力してください（1.5）。カンマは3桁区切りにのみ使えます（1,000）。

## Instructor mode (--instructor)
reload-watching = 指導者モード：症例ファイルを保存するとここで再読み込みします。
reload-failed = 編集した症例にエラーがあります。変更前の症例のまま続行しています：
reload-done = 症例を再読み込みしました：判断 { $replayed } 件を再現、{ $skipped } 件をスキップ（無効になったため）。

## Review (assessors)
library-review = ログを確認…
review-title = セッションログの確認
review-open-file = ログファイルを開く：
review-open = 開く
review-folder = { $folder } のログ
review-none = このフォルダにはまだログがありません。
review-unreadable-log = 開けません
review-ok = 検証済み
review-untrusted-short = 信頼できない
review-unfinished = 未完了
review-close = ← ログを閉じる
review-who = { $trainee } · 開始 { $started } UTC · シード { $seed } · { $program }
review-verified = ✔ ハッシュチェーン検証済み：全 { $lines } 行が改変なく順序どおりです。
review-untrusted = ⚠ 信頼できないログ — ハッシュチェーンが { $line } 行目で途切れています。
review-untrusted-score = ⚠ 信頼できないログ — スコア行（{ $line } 行目）が判断から得られるスコアと一致しません。改ざんされています。
review-untrusted-note = 以下は現在のファイルの内容です。研修医の記録として扱ってはいけません。
review-unreadable = まったく読めなかった行：{ $lines }
review-case-changed = このセッションの実施後に、症例のファイルが変更されています。
review-diverges = 再生結果は { $line } 行目からログと一致しません。
review-replays = 判断を再生すると、ログのすべての行が再現されます。
review-no-replay = 再生できません：{ $reason }
review-no-replay-not-in-library = 症例「{ $case }」がライブラリにありません
review-no-replay-other-case = 症例「{ $found }」のログで、「{ $expected }」のものではありません
review-no-replay-missing-action = { $line } 行目の判断が使う行動「{ $action }」は、この症例にはもうありません
review-tab-replay = 再生
review-tab-debrief = 採点時のデブリーフィング
review-of = / { $end }
review-start = 最初へ
review-end = 最後へ
review-prev = ◀ 前の判断
review-next = 次の判断 ▶
review-play = ▶ 再生
review-pause = ⏸ 一時停止
review-decisions = 判断と、それが決めた評価項目
review-jump = この時点のベッドサイドを表示
review-line = ログ { $line } 行目
review-no-criteria = （この判断で決まった評価項目はありません）
review-as-scored = セッション終了時の採点：
review-rederived = 判断から再計算した結果（スコア行は改ざんされているため表示しません）：
review-not-finished = セッションは終了していません。現時点の状態を今採点した結果です。
review-rescore-differs = ライブラリの現在の症例で再採点すると { $percent }%（{ $verdict }）になります。

## Results to the Learning Record Store (xAPI)
lrs-settings = LRSへの結果送信…
lrs-title = 学習記録ストア（LRS）への結果送信
lrs-explain = 症例が終わると、そのxAPIステートメントは送信箱に保存され、LRSに接続できたときに送信されます。オフラインでも失われません。
lrs-send-after = 各症例の終了後に結果を送信する
lrs-endpoint = LRSのアドレス（xAPI）
lrs-user = ユーザー
lrs-password-env = パスワードの環境変数
lrs-password-set = 設定済み
lrs-password-unset = 未設定：送信は保留されます
lrs-home-page = 研修医アカウントのホームページ
lrs-hospital = 病院（施設 ID）
lrs-hospital-hint = 例：tokyo-1
lrs-hospital-invalid = 施設 ID にできません：英数字、- と _ のみ、64 文字まで
lrs-outbox = 送信箱：{ $folder }
lrs-sending = 結果をLRSに送信中…
lrs-save = 保存
lrs-send-now = 保留中の結果を今すぐ送信
lrs-sent = LRSに送信しました：{ $statements } 件のステートメント。
lrs-rejected = LRSがセッションを拒否しました：{ $reason }
lrs-not-sent = まだ送信されていません — { $reason }。送信箱で待機中のセッション：{ $queued }。
lrs-nothing-queued = 送信待ちのものはありませんでした。
lrs-load-error = LRSの設定は使用されていません：{ $error }

# ログの行の問題（レビュー画面。`bedside verify` は同じ内容を英語で表示します）。
log-problem-not-utf8 = 有効な UTF-8 テキストではありません
log-problem-not-a-line = ログの行ではありません（{ $detail }）
log-problem-numbered = この行は自身を { $number } 行目としています：行が削除・追加・並べ替えされています
log-problem-chain = 直前の行が、この行が書かれたときの行ではありません：行が編集・削除・並べ替えされています
log-problem-not-one-kind = 1 行にはヘッダー・記録・スコアのいずれか 1 つだけが入ります
log-problem-format = ログ形式 { $format } には対応していません（このプログラムが読めるのは形式 { $formats }）
log-problem-no-header = 1 行目はヘッダーでなければなりません
log-problem-second-header = 2 つ目のヘッダーがあります
log-problem-clock-in-format = 形式 { $format } のログに時刻の行があります：時刻の行は形式 { $clock_format } からです
log-problem-after-score = スコアの行の後に行があります（スコアの行は最後でなければなりません）
log-problem-unterminated = ログの行ではなく、改行で終わっていません
log-problem-torn = 最後の行が途中で切れています（書き込み中にプログラムが停止しました）。それより前の行は完全です
log-problem-not-a-score = スコアの行に有効なスコアがありません（{ $detail }）
log-problem-time = シミュレーション時刻{ $seconds }秒は、セッションがとりうる最長時間（{ $days }日）を超えています
log-problem-too-long = 行が{ $mib } MiBを超えています（ログの1行の上限）。このプログラムが書いたログではありません
log-problem-score-mismatch = スコア行は{ $logged_earned }/{ $logged_available }点（{ $logged_percent }%）・{ $logged_passed ->
        [true] 合格
       *[false] 不合格
    }としていますが、同じ症例で判断を再採点すると{ $rescored_earned }/{ $rescored_available }点（{ $rescored_percent }%）・{ $rescored_passed ->
        [true] 合格
       *[false] 不合格
    }です。スコア行が改ざんされています
log-error-io = { $path }：ファイルを読めません（{ $detail }）
log-error-empty = { $path }：ログが空です
log-error-finished = { $path }：このセッションは終了しています（スコアの行があります）。再開できません

# ブリーフィングとデブリーフィングの学習デザイン（学習目標とプレブリーフィングのある症例）。
briefing-learning = この症例で学ぶこと
briefing-learners = 対象：{ $level }
briefing-prerequisites = 事前に知っておくこと：
briefing-objectives = 学習目標
briefing-prebrief = 始める前に
prebrief-simulation = シミュレーションの内容
prebrief-time = 時間の進み方
prebrief-can = できること
prebrief-cannot = できないこと
prebrief-safe = 安心して学べる場
debrief-objective-points = { $earned }/{ $available }
debrief-prompts = 振り返りの問い
debrief-other = その他の評価項目
