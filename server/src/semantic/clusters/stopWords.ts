/**
 * Words that say nothing about a topic, in English and Chinese, left out of cluster labels. Chinese entries
 * are jieba tokens (function words, pronouns, fillers, generic verbs).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could did do does doing don down during each etc even ever every few for from further get gets getting got had has have having he her here hers ' +
    'him his how i if in into is isn it its itself just let like ll lot lots made make makes many may me might more most much must my ' +
    'need needs new no nor not now of off on once one only or other our ours out over own per quite re really same she should so some ' +
    'still such than that the their theirs them then there these they thing things this those through to too two under until up us use used using ' +
    've very via want wants was way we well were what when where which while who whom why will with without would yet you your yours ' +
    'anyone anything best better good great help hi hello thanks thank know looking look think trying try tried go going since around ' +
    '的 了 和 是 在 我 我们 你 你们 他 她 它 他们 这 那 这个 那个 这些 那些 一个 一些 有 没有 也 都 就 还 又 而 与 及 或 或者 但 但是 ' +
    '如果 因为 所以 可以 可能 需要 怎么 怎样 如何 什么 为什么 哪些 哪个 吗 呢 吧 啊 呀 么 着 过 被 把 给 让 对 从 向 到 以 为 于 ' +
    '上 下 中 里 后 前 时 时候 现在 已经 正在 还是 不 没 很 更 最 太 非常 比较 一下 一直 大家 自己 有人 有没有 是否 ' +
    '之 其 其中 等 等等 这样 那样 然后 而且 并且 以及 关于 通过 进行 使用 用 做 要 会 能 想 觉得 知道 看 说 问 请问 求 分享 一起 ' +
    '问题 经验 方面 情况 东西 事情 感觉 今天 目前 一般 比如 例如 个 次 种 位 家 些'
  ).split(/\s+/u),
);
