import type { DemoActivity } from './demo-activity.js';

const office = '+15550300003';

/**
 * A few days at a swim school: a timetable question, a first-visit booking, a registration link texted. On a real
 * call the voice agent answers these with the swim-school plugin's tools (get_classes, book_meeting, …).
 */
export const splashSwimActivity: DemoActivity = {
  intents: [
    {
      name: 'class_enquiry',
      description: "Which class suits a child's age and level, and when it runs.",
      examplePhrases: { en: ['Do you have lessons for a five-year-old?', 'When are the beginner classes?'] },
      responses: { en: 'Happy to help: how old is the swimmer, and have they had lessons before?' },
    },
    {
      name: 'book_assessment',
      description: 'A first visit or a swimming assessment with a teacher.',
      examplePhrases: { en: ['Can my son be assessed?', "I'd like to come and see the pool first"] },
      responses: { en: 'Of course. I can offer you the next free assessment times.' },
    },
  ],
  calls: [
    {
      key: 'splash-01',
      ago: { days: 6, hours: 2 },
      from: '+12065550131',
      to: office,
      outcome: 'answered',
      intent: 'class_enquiry',
      summary: 'A parent asked about lessons for a five-year-old; told about Otters on Mondays at 4 pm.',
      endedReason: 'customer-ended-call',
      turns: [
        ['assistant', 'Splash Swim School, how can I help you today?'],
        ['user', 'Hi, do you have lessons for a five-year-old beginner?'],
        ['assistant', 'We do: Otters, for ages four to six, on Mondays at 4 pm for thirty minutes.'],
        ['user', 'Perfect, thank you.'],
      ],
    },
    {
      key: 'splash-02',
      ago: { days: 3, hours: 5 },
      from: '+14255550164',
      to: office,
      outcome: 'booked',
      intent: 'book_assessment',
      summary: 'Priya Shah booked an assessment for her nine-year-old, who wants to join the Squad.',
      endedReason: 'customer-ended-call',
      turns: [
        ['assistant', 'Splash Swim School, how can I help you today?'],
        ['user', 'My daughter is nine and swims well. Could she try for the Squad?'],
        [
          'assistant',
          'She would need a short assessment first. The next free time is tomorrow at 3 pm. Shall I book it?',
        ],
        ['user', 'Yes please, under Priya Shah.'],
        ['assistant', 'Booked, Priya. See you both tomorrow at 3 pm.'],
      ],
      appointment: { customerName: 'Priya Shah', service: 'Assessment', inDays: 1, hour: 15, minutes: 30 },
    },
  ],
  sms: {
    line: office,
    participant: '+12065550131',
    ago: { days: 6, hours: 1 },
    messages: [
      [
        'outbound',
        'Splash Swim School: register for Otters (Mondays 4 pm) here: https://splash-swim.example.com/register',
      ],
      ['inbound', 'Done, thanks! Does she need goggles?'],
      ['outbound', 'Goggles are optional for Otters; a swim cap is a good idea.'],
    ],
  },
};
