global using BulletinBot.Core.Bulletins;
global using BulletinBot.Core.Chats;
global using BulletinBot.Core.Commands;
global using BulletinBot.Core.Conversation;
global using BulletinBot.Core.Text;
