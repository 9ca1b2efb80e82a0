/**
 * Sentences as students type them into help questions, notes, plan-skip reasons and community
 * posts, written for the redaction corpus test (`pii-corpus.test.ts`). Each PII span is marked
 * `{{kind:text}}`; the text between the braces is what must not survive redaction. Sentences
 * without a mark must come out unchanged.
 *
 * Policy the labels follow:
 * - The writer's own name (any part, any case, with or without its hyphens) is PII; a part that
 *   is an everyday word ("Will", "Mark", "Grace", "An") only where it stands as the name.
 * - Other people the student knows are PII when the text presents them as people: after an
 *   honorific or "my friend / teacher / mom…", or written as given name + surname.
 * - Public figures and authors that SAT passages quote (Frederick Douglass, Jane Austen,
 *   Maya Angelou…) are passage content and stay, even when the student writes about them.
 * - Dates are PII only as a date of birth; years, test dates and deadlines stay.
 * - Numbers are PII only as an id ("student ID …") or a phone number; scores, counts and
 *   question numbers stay.
 */

export interface CorpusStudent {
  name: string;
  email: string;
}

export interface CorpusEntry {
  student: CorpusStudent;
  text: string;
}

const maya = { name: 'Maya Lopez', email: 'maya.lopez22@gmail.com' };
const will = { name: 'Will Park', email: 'wpark@lincolnhs.org' };
const an = { name: 'An Nguyen', email: 'an.nguyen@students.example.edu' };
const jordan = { name: 'Jordan Mark Ellis', email: 'jme2008@yahoo.com' };
const maryJane = { name: 'Mary-Jane Smith-Jones', email: 'mjsj@school.example.org' };
const grace = { name: 'Grace Kim', email: 'gracek@icloud.com' };
const deshawn = { name: 'DeShawn Carter', email: 'dcarter09@gmail.com' };
const priya = { name: 'Priya Raghunathan', email: 'priya.r@outlook.com' };

const of = (student: CorpusStudent, texts: string[]): CorpusEntry[] => texts.map((text) => ({ student, text }));

export const PII_CORPUS: CorpusEntry[] = [
  // ------------------------------------------------------------------ emails, plain and spelled out
  ...of(maya, [
    'can someone email me the answer key? its {{email:maya.lopez22@gmail.com}}',
    'my school email is {{email:mlopez@westfield.k12.nj.us}} if you want to send it there',
    'email me at {{email:maya dot lopez at gmail dot com}} pls',
    'if a tutor sees this reach me at {{email:mayalopez22 at gmail}} lol',
    'send the practice pdf to {{email:m.lopez[at]hotmail[dot]com}}',
    'my backup email is {{email:lopez.maya (at) yahoo (dot) com}} just in case',
    'you can write to {{email:maya_l at outlook.com}} i check it every day',
    'EMAIL ME: {{email:MAYA.LOPEZ22@GMAIL.COM}} i need help w/ the reading section',
    'my friend said to email {{email:jay.k.08@gmail.com}} for the study group spreadsheet',
    'contact {{email:studygroup2025 at gmail dot com}} if ur in the saturday group',
    'i emailed {{email:counselor@westfield.k12.nj.us}} about fee waivers but no reply yet',
    'is {{email:tutoring.center@school.org}} the right place to ask about the sat prep class?',
  ]),
  // ------------------------------------------------------------------ phones
  ...of(maya, [
    'text me at {{phone:555-201-7788}} if the group meets tmrw',
    'my cell is {{phone:(973) 555-0142}}, call after 6',
    'call my mom at {{phone:973.555.0199}} if i dont show up',
    'whatsapp {{phone:+44 7700 900123}} is my number while im in london',
    'my number changed, its {{phone:555 867 5309}} now',
    'can u text {{phone:201-555-0173}} when the scores come out',
    'hmu {{phone:(555)123-4567}} for the flashcards',
    'the tutoring office number is {{phone:1-800-555-0100}} i think',
    'my dads phone {{phone:+1 555 010 2233}} in case of emergency during the test',
    'number: {{phone:555.234.9876}}. text only pls',
  ]),
  // ------------------------------------------------------------------ urls
  ...of(maya, [
    'i found this video really helpful {{url:https://www.youtube.com/watch?v=abc123XYZ}}',
    'check out my notes at {{url:docs.google.com/document/d/1xYz}} they cover all of algebra',
    'my blog {{url:mayawrites.com}} has my essays if u want to see my writing',
    'this site explains transitions well: {{url:www.grammarbook.com/transitions}}',
    'join our discord {{url:discord.gg/satgrind}} we do timed sections every night',
    'i uploaded my practice test to {{url:https://drive.google.com/file/d/9abc/view}}',
    'my portfolio is at {{url:maya-lopez.github.io}} (it has my science fair project)',
    'does anyone know if {{url:http://satpractice.example.org/test3}} is legit',
  ]),
  // ------------------------------------------------------------------ social handles
  ...of(maya, [
    'my insta is {{handle:@maya.l0pez}} if anyone wants to study together',
    'snap: {{handle:mayalo22}}',
    'add me on snapchat {{handle:mayyaaa_l}} we can quiz each other',
    'follow me on tiktok {{handle:@satwithmaya}} i post study tips',
    'my discord is {{handle:mayal#4821}} for the study server',
    'ig {{handle:maya.lopez.art}} lol dm me',
    'dm me on insta {{handle:@m.lopez_}} for the answers to set 4',
    'my snap username is {{handle:lopezmaya}}',
    'twitter {{handle:@mayatweets08}} i post my scores there',
    'hey {{handle:@jaykay22}} did you finish the reading set?',
    'shoutout to {{handle:@study.with.sam}} for the desmos tricks',
    'my insta handle is {{handle:mayalopez}} btw',
    'venmo {{handle:@Maya-Lopez-22}} for the prep book, its $15',
  ]),
  // ------------------------------------------------------------------ dates of birth
  ...of(maya, [
    'i was born {{dob:03/14/2009}} so im 16 for the march test',
    'my birthday is {{dob:March 14, 2009}} and the test is the day before lol',
    'dob {{dob:2009-03-14}}, do i need to put that on the registration?',
    'born on {{dob:3-14-09}}, is that too young for the sat',
    'my bday is {{dob:june 2nd}} so ill be 17 by the october test',
    'birthday: {{dob:14 March 2009}}',
    'i was born on {{dob:7/4/2008}} which is kind of funny',
    'date of birth is {{dob:11.22.2008}} on my id card',
    'my birthday was {{dob:april 30}} and i spent it studying geometry',
    'my bday\'s {{dob:Dec 5th, 2009}} can i still take the sat in december',
  ]),
  // ------------------------------------------------------------------ id numbers
  ...of(maya, [
    'my student ID {{id:4839201}} isnt working on the school portal',
    'id# {{id:A1234567}}',
    'my student number is {{id:20091234}}, do i need it for the fee waiver',
    'school id: {{id:88-4412}} (for the counselor)',
    'my college board id {{id:123456789}} got locked after the password reset',
    'lunch number {{id:55821}} lol i always forget it',
    'my osis {{id:209876543}} is on my program card',
    'student id no. {{id:S0098123}}',
    'what is my ID? I think it is {{id:7734211}}',
    'my ssn is {{id:123-45-6789}} do they need that for registration??',
    'the registration number {{id:RG-48213}} is on the confirmation email',
  ]),
  // ------------------------------------------------------------------ addresses with their city
  ...of(maya, [
    'the study group meets at {{address:12 Oak St, Springfield}} every sunday',
    'i live at {{address:455 Maple Avenue, Westfield, NJ 07090}}',
    'send the book to {{address:88 Birch Road Apt 4B, Newark}} please',
    'my address is {{address:1200 Lakeview Drive, Madison, WI 53703}}',
    'we moved to {{address:7 Elm Ln, Hoboken}} so i switched schools',
    'pick me up at {{address:230 sunset blvd, glendale}}',
    'test center is at {{address:501 College Avenue}}, right next to my house',
    'i live on {{address:19 north street, bristol}}, come over to study',
    'mail it to {{address:3100 Park Place, Evanston, IL 60201}}',
    'my grandma lives at {{address:64 Cedar Court, Columbus, OH}} and i study there',
  ]),
  // ------------------------------------------------------------------ the student's own name
  ...of(maya, [
    'hi im {{name:maya}} and i need help with quadratics',
    'This is {{name:Maya Lopez}}, grade 11, can you explain question 7?',
    '{{name:Maya}} here, i skipped today because of volleyball',
    'my name is {{name:maya lopez}} and i keep missing the transitions questions',
    'lol {{name:Lopez}} is my last name and everyone spells it wrong',
    'thanks for the explanation! - {{name:Maya}}',
  ]),
  ...of(will, [
    'Hi, I\'m {{name:Will}} and I will study every day this week.',
    '{{name:Will}} here. I will try the hard module tomorrow.',
    'i will finish the reading set tonight, i promise',
    'Will this be on the test? I will be so mad if it is.',
    'my name is {{name:will}}. what does "ephemeral" mean?',
    'Thanks, {{name:Will}}',
    'I\'m {{name:Will Park}} and my goal is 1400',
    'we will see if the curve helps. the park near school is where i study',
    'The author will argue that the park system needs more funding.',
    '{{name:Will}}\'s notes, unit 3: {{name:Will}}\'s goal is to finish by friday',
  ]),
  ...of(an, [
    'I\'m {{name:An}} and I need an explanation for number 12',
    'an hour a day is all i have, an extra session is impossible',
    'Is this an example of an inference question?',
    'An answer choice that repeats the passage is usually a trap.',
    'my name is {{name:an}}. i got an 1150 last time',
    '{{name:An Nguyen}} - question about an exponential function',
    'Hi {{name:Nguyen}} family here, can parents see the plan?',
  ]),
  ...of(jordan, [
    'Mark as completed: finished the geometry set',
    'The Jordan River flows into the Dead Sea, according to the passage.',
    'I will mark the questions I guessed on and review them later.',
    '{{name:Jordan}} here, I want to mark my weak skills',
    'hi its {{name:jordan}}, i skipped bc of a dentist appointment',
    'the passage about Jordan and its water supply was confusing',
    'Sorry, {{name:Mark}} is my middle name, everyone calls me {{name:Jordan}}',
    'I put a check mark next to every question I got right.',
    'My full name is {{name:Jordan Mark Ellis}} for the certificate',
    'Mark each sentence as fact or opinion? That is what the directions say.',
    'the ellis island passage was cool',
    'Me and {{name:Ellis}} (my brother, same last name lol) study together',
  ]),
  ...of(maryJane, [
    'hi im {{name:maryjane}} and i want to raise my math score',
    'this is {{name:Mary Jane}}, I skipped because of practice',
    '{{name:Smith Jones}} is my last name, the hyphen never fits on forms',
    'my name is {{name:Mary-Jane Smith-Jones}}',
    '{{name:MaryJane}} here again lol',
    'thanks from {{name:mary jane smith jones}}!',
    'the smith in the passage forges iron; the jones act was about shipping',
  ]),
  ...of(grace, [
    'I need a grace period on the study plan, sorry',
    'She moved with grace and poise, which is why the answer is B.',
    'Hi, {{name:Grace}} here! Can I change my test date?',
    'ok my name is {{name:grace kim}} lol, i keep forgetting to sign my notes',
    'saying grace before dinner is a tradition in the narrator\'s family.',
    '{{name:Kim}} is my last name and there are 3 kims in my class',
  ]),
  ...of(deshawn, [
    'yo its {{name:deshawn}}, can u explain why c is wrong',
    '{{name:DeShawn}} here: I skipped because of football practice',
    'my name is {{name:DeShawn Carter}} and im retaking in june',
    'the carter administration passage was hard to follow',
    'President Carter is mentioned in the second paragraph.',
  ]),
  ...of(priya, [
    'Hi, I am {{name:Priya}}. Why is the answer 42 and not 24?',
    'i am {{name:priya raghunathan}}, my counselor told me to use this site',
    '{{name:Raghunathan}} is hard to spell so i go by {{name:Priya}} R',
  ]),
  // ------------------------------------------------------------------ other people the student knows
  ...of(maya, [
    'Mrs. {{name:Okafor}} said we should focus on command of evidence',
    'ask mr {{name:chen}} he knows the answer',
    'my friend {{name:Tyler Brooks}} and I are studying together',
    'my math teacher Ms. {{name:Rivera}} gave us this problem',
    'Dr. {{name:Patel}} is my tutor and she said to skip the hard ones',
    'my friend {{name:tyler}} said the curve is easier in june',
    'me and my bestie {{name:Kayla}} are doing the plan together',
    'my tutor {{name:Sam}} explained it differently',
    'Coach {{name:Daniels}} let us leave practice early to study',
    'my mom {{name:Linda}} wants me to get a 1300',
    'I studied with {{name:Ethan Walsh}} for three hours yesterday',
    'my sister {{name:Aaliyah}} got a 1520 so now i have to beat her',
    'mr. {{name:Goldberg}}\'s class covers this next week',
    'my counselor, Mrs {{name:Alvarez}}, said to take it in august',
    'my friends {{name:Jake}} and {{name:Sofia}} skipped too',
    '{{name:Olivia Martinez}} from my class recommended this app',
    'Professor {{name:Huang}} runs the summer program',
    'my cousin {{name:Diego}} is helping me with the math section',
    'my english teacher mrs {{name:okafor}} said my essay was good',
    'Miss {{name:Thompson}} gave us extra credit for practice tests',
    'my study buddy {{name:Noah}} keeps beating me on the timed sets',
    'my lab partner {{name:Emma}} thinks B is right',
    'Tell Mr. {{name:Chen}} I said thanks',
    'my dad, {{name:Robert}}, is making me do this every night',
    'my brother {{name:Liam}} took the sat last year and got 1450',
    'my friend {{name:Jasmine Wu}} told me about this site',
    'asked Ms {{name:Kowalski}} about the fee waiver',
    'my tutor Ms. {{name:Rivera}} wants me to do 20 questions a day',
  ]),
  // ------------------------------------------------------------------ clean: everyday words that are names
  ...of(will, [
    'I will try to do better on the next practice test.',
    'Will the essay be scored separately?',
    'you will need a calculator for the second module',
    'Will I lose points for wrong answers?',
    'the will of the people is the main idea of paragraph 2',
    'The park ranger in the passage will not let the hikers pass.',
  ]),
  ...of(an, [
    'an equation with no solution has parallel lines',
    'An author uses an anecdote to introduce an argument.',
    'what is an extraneous solution?',
  ]),
  ...of(jordan, [
    'Mark the midpoint of the segment first.',
    'Mark as reviewed',
    'The Jordan Valley is described as fertile in the passage.',
    'I got full marks on the last set!',
    'how do i mark a question for review on the real test?',
  ]),
  ...of(grace, [
    'The dancer\'s grace is the focus of the second paragraph.',
    'Grace period for registration ends friday, right?',
    'the kim in the story is a character, not me haha',
  ]),
  // ------------------------------------------------------------------ clean: public figures and passage content
  ...of(maya, [
    'Frederick Douglass wrote about the power of reading.',
    'In the passage, Frederick Douglass argues that education leads to freedom.',
    'why does Jane Austen use irony in the first paragraph?',
    'the Elizabeth Cady Stanton speech was confusing, what is she saying?',
    'Is Martin Luther King Jr. the author of the second text?',
    'Maya Angelou wrote the poem in question 9, right?',
    'I liked the Zora Neale Hurston passage',
    'Rachel Carson argues that pesticides harm birds.',
    'Abraham Lincoln gave the speech in 1863.',
    'The text by Charles Darwin discusses finches.',
    'Who is Susan B. Anthony talking to in this speech?',
    'The narrator\'s friend is never named in the excerpt.',
    'Marie Curie discovered radium, according to the passage.',
    'the Thomas Jefferson letter uses a lot of old vocabulary',
    'in 1848 the Seneca Falls convention took place',
    'The passage about Mount Pelée was about a volcano.',
    'Toni Morrison\'s novel is the source of text 1.',
    'Ralph Waldo Emerson writes about self-reliance.',
    'why did Theodore Roosevelt create national parks?',
    'Is Mark Twain being sarcastic in this excerpt?',
  ]),
  // ------------------------------------------------------------------ clean: numbers, dates, scores, math
  ...of(maya, [
    'If 3x + 5 = 20, what is x?',
    'I got 1350 on the practice test, up from 1210.',
    'The test is on 03/08/2025 and I am nervous.',
    'my goal is 1400 by the october 4 test',
    'question 14 says the slope is 2/3, why is it -3/2?',
    'f(x) = 2x^2 - 8x + 6, find the vertex',
    'In 1969, 42% of the 500 students passed.',
    'The population grew from 12,500 to 18,750 between 2010 and 2020.',
    'i spent 45 minutes on module 2 and got 18 of 27 right',
    'the answer is 3.14159 times the radius squared',
    'why is the median 39 and not 41?',
    'my score went from 560 to 620 in math',
    'the dot product is not on the sat right?',
    'Is 2024-11-02 the next test date?',
    'the table shows 555 responses in 2019',
    'a line through (3, 7) and (5, 11) has slope 2',
    'I am 16 and this is my second time taking it',
    'the ratio is 3:4, so the answer is 12',
    'I need 4 more points in reading to hit 700',
    'test date is may 3rd, my birthday is in the fall',
    'the registration deadline is April 18, 2025',
    'born in the 1800s, the author saw the civil war',
    'The author was born in 1818 and escaped slavery in 1838.',
    'question ID is not shown on my screen, only the number',
    'i did question 12 on page 42 of the blue book',
    'student 4 in the table had the highest score',
  ]),
  // ------------------------------------------------------------------ clean: "at", "dot", "@", handles that are not handles
  ...of(maya, [
    'look at the graph and tell me where it crosses the x-axis',
    'I am at practice until 7 so I will study at night',
    'meet @ the library at 5?',
    'meet @5pm in room 204',
    'the dot on the graph at (2, 3) is the solution',
    'my snap streak is at 200 days lol',
    'my insta is private so no',
    'the discord is down again',
    'snap judgments are what the author warns against',
    'I saw it on youtube but the explanation was wrong',
    'the story is set at a school in ohio',
    'we studied at the public library on main street',
    'the author looks at the data from two angles',
    'the email in the passage is from a scientist to a journalist',
    'he was born at the end of the war, says the passage',
  ]),
  // ------------------------------------------------------------------ clean: study talk with capitalised words
  ...of(maya, [
    'Reading and Writing is my weak section.',
    'Standard English Conventions questions take me forever.',
    'I skipped because I had a Model UN conference.',
    'Khan Academy has more practice on circles.',
    'The College Board website says calculators are allowed.',
    'Can you explain Command of Evidence questions?',
    'I used the Bluebook app for the practice test.',
    'The New York Times article in the passage was about bees.',
    'The Great Depression affected the farmers in text 2.',
    'Why is Choice B better than Choice D here?',
    'The Supreme Court case in the passage was Brown v. Board.',
    'The United States Senate passed the bill in 1964.',
    'Mount Everest is the example in the data table.',
    'I have AP Biology and AP Calculus this year so I am busy.',
    'Dear Tutor, I am stuck on transitions again.',
    'The Amazon River is longer than the Mississippi, per the chart.',
    'My Spanish class is at the same time as the study session.',
    'Advanced Math is my strongest domain now.',
    'I skipped because of the SAT Club meeting.',
    'The Declaration of Independence is text 1.',
  ]),
  // ------------------------------------------------------------------ clean: family and friends without names
  ...of(maya, [
    'my mom works late so i study after dinner',
    'my friend said the curve is harsh',
    'my teacher explained it but i still dont get it',
    'my tutor thinks i should focus on algebra',
    'my sister is also taking the sat in june',
    'my friends and I made flashcards for vocab',
    'my dad helped me with the ratio problem',
    'my coach moved practice so I can study',
    'my counselor is helping with the fee waiver',
    'my brother says the reading section is easier',
    'Mr. and Mrs. are used as titles in the passage',
    'The Mrs. in the story is never given a name.',
    'i miss having a study partner',
    'my friend really helped me understand exponents',
    'my teacher always says read the question first',
  ]),
  // ------------------------------------------------------------------ clean: SAT vocabulary that looks like names
  ...of(maya, [
    'what does "earnest" mean in line 4?',
    'The tone is frank and candid, so B.',
    'the weather was clement, meaning mild',
    'is "sterling" a compliment here?',
    'the author\'s noble intentions are questioned',
    'the hunter in the story tracks the deer',
    'the baker and the mason are both characters',
    'her faith in the project never wavered',
    'hope is the central theme of the poem',
    'the rose in paragraph 3 symbolizes love',
    'the bill passed the senate after a long debate',
    'the river is described as sluggish',
    'a grant from the foundation paid for the study',
    'the young scientist published her results',
    'this brook is a metaphor for time passing',
    'the pierce method? no, i mean to pierce the membrane',
    'the king in the fable is arrogant',
    'may i skip the essay part?',
    'in june the test center is crowded',
    'august is when i start studying seriously',
  ]),
  // ------------------------------------------------------------------ mixed: several kinds in one sentence
  ...of(maya, [
    'im {{name:maya}}, my insta is {{handle:@maya.l0pez}} and my number is {{phone:555-201-7788}}',
    'I am {{name:Maya Lopez}}, born {{dob:03/14/2009}}, student ID {{id:4839201}}',
    'email {{email:maya.lopez22@gmail.com}} or text {{phone:(973) 555-0142}}, I live at {{address:12 Oak St, Springfield}}',
    'my friend {{name:Tyler Brooks}} ({{handle:@tbrooks}}) can share his notes',
    'Mrs. {{name:Okafor}} wants the form sent to {{email:okafor at westfield dot org}}',
    'reach me on snap {{handle:mayalo22}} or at {{email:maya dot l at gmail dot com}}',
    'my birthday is {{dob:March 14, 2009}} and my school id is {{id:88-4412}}',
  ]),
  ...of(will, [
    'I\'m {{name:Will}}, my email is {{email:wpark@lincolnhs.org}}, I will check it tonight',
    'hi, {{name:Will Park}} here, text me at {{phone:555-234-9876}}',
  ]),
  // ------------------------------------------------------------------ more realistic mixed study talk
  ...of(maya, [
    'ok so i dont get why the answer isnt C, the passage literally says that',
    'can u explain this like im 5',
    'idk what a "rhetorical synthesis" question even is',
    'i keep running out of time on module 2, any tips?',
    'skipped bc i was sick, sorry',
    'too tired today, volleyball tournament all weekend',
    'is it better to guess or leave it blank',
    'desmos makes these so much easier',
    'i thought the semicolon was right because both sides are sentences',
    'this question is so confusing lol',
    'why is "however" wrong here? it shows contrast',
    'i had a family thing, will do it tomorrow',
    'my phone died so i couldnt do the practice',
    'can we do more geometry, i suck at circles',
    'the passage about octopuses was actually interesting',
    'wait so the mean is bigger than the median because of the outlier?',
    'i changed my answer at the last second and it was wrong',
    'Not sure why B is wrong, it seems to say the same thing.',
    'Could you explain the difference between affect and effect?',
    'I studied for 2 hours with no breaks, is that bad?',
  ]),
];
